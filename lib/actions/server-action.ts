import "server-only";
import { refresh } from "next/cache";
import { after } from "next/server";
import type { z } from "zod";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { getDb, rememberWrite } from "@/lib/db";
import { headers } from "next/headers";
import { writeAudit } from "@/lib/audit/write";
import { sameOriginHeaders } from "@/lib/http/origin";
import { type ActionDefinition, type ActionResult, executeAction } from "./core";
import { REFRESH_FIELD } from "./refresh-field";

export type ServerAction<O> = ((prevOrInput: unknown, input?: unknown) => Promise<ActionResult<O>>) & {
  definition: ActionDefinition;
};

/**
 * Binds an action definition to the request: the session user (re-checked in the database) and the client address.
 * Callable as `action(input)` or, with useActionState, as `action(prevState, formData)`.
 * Nothing from the client but the input is trusted: no bound ids, no unit ids, no scope.
 */
export function serverAction<S extends z.ZodType, O>(def: ActionDefinition<S, O>): ServerAction<O> {
  const fn = async (prevOrInput: unknown, input?: unknown): Promise<ActionResult<O>> => {
    const payload = input === undefined ? prevOrInput : input;
    // the form asks for the page again with the answer (ActionForm): one request instead of a write and a refresh
    const wantsRefresh = payload instanceof FormData && payload.has(REFRESH_FIELD);
    if (wantsRefresh) payload.delete(REFRESH_FIELD);
    const user = await getCurrentUser();
    // a server action is a public POST endpoint: only pages of this site may call it (no missing or foreign Origin)
    if (!sameOriginHeaders(await headers(), { allowReferer: false })) {
      await writeAudit(getDb(), {
        actor: user ? { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role } : { userId: null, username: null, unitId: null, unitPath: null, role: null },
        action: def.name,
        entity: "Action",
        result: "denied",
        reason: "请求来源（Origin）缺失或不是本站",
        ip: await requestIp(),
      }).catch(() => {});
      return { ok: false, code: "FORBIDDEN", error: "请求来源无效，请从本系统页面操作" };
    }
    const result = await executeAction(def, getDb(), user, await requestIp(), payload);
    // read-your-writes across app servers: this browser's next reads wait for a replica that has replayed this write
    if (result.ok) await rememberWrite();
    if (result.ok && def.after) {
      const data = result.data;
      after(() => def.after!(getDb(), data).catch((e) => console.error(`[action ${def.name}] 后续处理失败`, e)));
    }
    if (result.ok && wantsRefresh) {
      // rendered after the action returns, from the root (the shell's counts may have changed too)
      refresh();
      return { ...result, refreshed: true };
    }
    return result;
  };
  return Object.assign(fn, { definition: def as unknown as ActionDefinition });
}
