// Server actions refused by the proxy for their Origin (foreign, "null", missing, other scheme or port) end here:
// the refusal is audited (coalesced per user or client address and minute, lib/audit/denials.ts) and answered
// 403 in Chinese. Reachable only through the proxy's rewrite: the marker header is dropped from every incoming
// request, and the proxy answers a direct request to this path with 404.
import { recordDenial } from "@/lib/audit/denials";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ACTION_REFUSED_HEADER, ORIGIN_REFUSED_MESSAGE } from "@/lib/http/origin";
import { DOWNLOAD_CSP } from "@/lib/http/security-headers";

async function refuse(req: Request): Promise<Response> {
  const headers = { "cache-control": "no-store", "content-security-policy": DOWNLOAD_CSP };
  if (req.headers.get(ACTION_REFUSED_HEADER) !== "1") return Response.json({ error: "页面不存在" }, { status: 404, headers });
  const user = await getCurrentUser().catch(() => null);
  const origin = (req.headers.get("origin") ?? "（缺失）").slice(0, 200);
  await recordDenial(getDb(), {
    actor: user ? { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role } : { userId: null, username: null, unitId: null, unitPath: null, role: null },
    action: "action.origin",
    entity: "Action",
    entityId: req.headers.get("x-pingan-refused-action") || null,
    reason: `请求来源（Origin）缺失或不是本站：${origin}；页面 ${(req.headers.get("x-pathname") ?? "").slice(0, 200)}`,
    ip: await requestIp(),
  }).catch((e) => console.error(`[audit] 无法记录拒绝事件：${e instanceof Error ? e.message : e}`));
  return Response.json({ error: ORIGIN_REFUSED_MESSAGE }, { status: 403, headers });
}

export const POST = refuse;
export const GET = refuse;
