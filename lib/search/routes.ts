// The header's search suggestions (GET /api/search?q=): the first few hits of each kind as JSON, read exactly as the
// results page reads them (lib/search/queries.ts: the caller's scope, each kind with its permission).
import { type RouteDefinition } from "@/lib/http/route-core";
import { SUGGEST_LIMIT, parseSearchTerm, searchRecords } from "./queries";

export const searchSuggestRoute: RouteDefinition<Record<string, string>> = {
  name: "search.suggest",
  title: "全局搜索",
  method: "GET",
  permission: ["task:read", "ledger:read"],
  handle: async (ctx, req) => {
    const { q, error } = parseSearchTerm(new URL(req.url).searchParams);
    const headers = { "cache-control": "private, no-store" };
    if (!q || error) return Response.json({ q, error: error ?? null, groups: [] }, { headers });
    const groups = await searchRecords(ctx.db, ctx.user, q, SUGGEST_LIMIT);
    return Response.json({ q, error: null, groups }, { headers });
  },
};
