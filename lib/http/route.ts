import "server-only";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { type RouteDefinition, executeRoute } from "./route-core";

export type RouteHandler = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { definition: RouteDefinition<never> };

/** Binds a route definition to the request (session user, client address). */
export function routeHandler<P extends Record<string, string>>(def: RouteDefinition<P>): RouteHandler {
  const fn = async (req: Request, ctx: { params: Promise<Record<string, string>> }) => {
    const params = ((await ctx?.params) ?? {}) as P;
    return executeRoute(def, getDb(), await getCurrentUser(), await requestIp(), req, params);
  };
  return Object.assign(fn, { definition: def as unknown as RouteDefinition<never> });
}
