import "server-only";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { getDb, writeCookieValue } from "@/lib/db";
import { type RouteDefinition, executeRoute } from "./route-core";

export type RouteHandler = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { definition: RouteDefinition<never> };

/** Binds a route definition to the request (session user, client address). */
export function routeHandler<P extends Record<string, string>>(def: RouteDefinition<P>): RouteHandler {
  const fn = async (req: Request, ctx: { params: Promise<Record<string, string>> }) => {
    const params = ((await ctx?.params) ?? {}) as P;
    const res = await executeRoute(def, getDb(), await getCurrentUser(), await requestIp(), req, params);
    if (def.method !== "GET" && res.status < 400) await rememberWriteOn(res);
    return res;
  };
  return Object.assign(fn, { definition: def as unknown as RouteDefinition<never> });
}

/** After a state-changing route: the writer's next reads go to the primary until a replica has replayed the write. */
async function rememberWriteOn(res: Response): Promise<void> {
  try {
    const c = await writeCookieValue();
    const secure = process.env.NEXTAUTH_URL?.startsWith("https://") ? "; Secure" : "";
    if (c) res.headers.append("set-cookie", `${c.name}=${c.value}; Path=/; Max-Age=${c.maxAge}; HttpOnly; SameSite=Lax${secure}`);
  } catch (e) {
    console.error(`[db] 无法记录写入位置：${e instanceof Error ? e.message : String(e)}`);
  }
}
