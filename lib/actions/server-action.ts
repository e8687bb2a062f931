import "server-only";
import { after } from "next/server";
import type { z } from "zod";
import { getCurrentUser, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { type ActionDefinition, type ActionResult, executeAction } from "./core";

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
    const user = await getCurrentUser();
    const result = await executeAction(def, getDb(), user, await requestIp(), payload);
    if (result.ok && def.after) {
      const data = result.data;
      after(() => def.after!(getDb(), data).catch((e) => console.error(`[action ${def.name}] 后续处理失败`, e)));
    }
    return result;
  };
  return Object.assign(fn, { definition: def as unknown as ActionDefinition });
}
