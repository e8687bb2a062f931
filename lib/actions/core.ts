// The one way a mutation runs. Every server action is a public POST endpoint, so each goes through
// executeAction, which in this order:
//   1. requires a signed-in user (re-checked against the database by the caller),
//   2. checks the role's permission in the one permission table,
//   3. parses the input with the action's zod schema (field errors in Chinese, nothing written),
//   4. looks up the unit of every record the action touches *from the ids in the input* and refuses (as "not
//      found") anything outside the user's subtree,
//   5. runs the change and writes its audit row(s) in one transaction.
// Refusals are audited too. Unexpected errors are logged with an id; the user sees the id, never internals.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { type AuditActor, writeAudit } from "@/lib/audit/write";
import { type Permission, can } from "@/lib/auth/permissions";
import { contains, userScope } from "@/lib/auth/scope";
import { FORBIDDEN_CHARS_MESSAGE, hasForbiddenChars, isEmptyFilePart } from "@/lib/validation";

export type ActionResult<T = unknown> =
  /** refreshed: the answer already carries the page rendered again after the write (REFRESH_FIELD) */
  | { ok: true; data: T; message?: string; refreshed?: boolean }
  | {
      ok: false;
      error: string;
      code: "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "INVALID" | "CONFLICT" | "ERROR";
      fieldErrors?: Record<string, string>;
      /** the record as it is now, when an edit was made on an outdated version */
      current?: Record<string, unknown>;
      errorId?: string;
    };

/** The caller of an action, as loaded from the database for this request. */
export interface ActionActor {
  id: number;
  username: string;
  role: string;
  unitId: number;
  unitPath: string;
  /** a restricted session (password to change, second factor to enrol) may run only its own account actions */
  restriction?: "password" | "mfa" | null;
}

export const RESTRICTED_MESSAGE: Record<"password" | "mfa", string> = {
  password: "请先修改密码（初始密码、重置后的密码或已过期的密码必须修改后才能继续使用系统）",
  mfa: "请先绑定动态口令（双因素认证）后再继续使用系统",
};

export interface AuditInfo {
  entity: string;
  entityId?: string | number | bigint | null;
  before?: unknown;
  after?: unknown;
  action?: string;
}

export interface ActionOutcome<O> {
  data: O;
  audit: AuditInfo | AuditInfo[];
  message?: string;
}

export interface ActionContext {
  actor: ActionActor;
  ip: string | null;
}

export interface ActionDefinition<S extends z.ZodType = z.ZodType, O = unknown> {
  /** stable id, also the audit action, e.g. "user.create" */
  name: string;
  /** Chinese label for logs and the authorization matrix */
  title: string;
  permission: Permission;
  input: S;
  /**
   * The unit paths of every record the action touches or creates into, looked up on the server from the ids in
   * the input. `null` (or a null entry) means a record does not exist. Every path must lie in the caller's scope.
   */
  target: (db: Db, input: z.output<S>, ctx: ActionContext) => Promise<string | null | (string | null)[]>;
  run: (tx: Tx, input: z.output<S>, ctx: ActionContext) => Promise<ActionOutcome<O>>;
  /** transaction timeout, ms (imports need longer) */
  timeoutMs?: number;
  /** work that continues after a successful action has answered (e.g. checking and writing an import) */
  after?: (db: Db, data: O) => Promise<void>;
}

/** A refusal or a problem the user can fix: shown as is, nothing written. */
export class ActionError extends Error {
  constructor(
    message: string,
    public readonly fieldErrors?: Record<string, string>,
    public readonly code: "INVALID" | "NOT_FOUND" | "FORBIDDEN" = "INVALID",
  ) {
    super(message);
  }
}

/** An edit made on an outdated version: "该记录已被他人修改", with the record as it is now. */
export class ConflictError extends Error {
  constructor(public readonly current: Record<string, unknown>) {
    super("该记录已被他人修改，请核对最新内容后重新提交。您填写的内容仍保留在表单中。");
  }
}

export const NOT_FOUND_MESSAGE = "记录不存在或不在您的管辖范围内";
export const FORBIDDEN_MESSAGE = "您没有执行此操作的权限";
export const UNAUTHENTICATED_MESSAGE = "登录已失效，请重新登录";

/** Field errors keyed by the first path segment, in Chinese (the schemas carry Chinese messages). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

function actorOf(a: ActionActor): AuditActor {
  return { userId: a.id, username: a.username, unitId: a.unitId, unitPath: a.unitPath, role: a.role };
}

async function deny(db: Db, def: ActionDefinition, actor: ActionActor | null, ip: string | null, reason: string, entityId?: string) {
  await writeAudit(db, {
    actor: actor ? actorOf(actor) : { userId: null, username: null, unitId: null, unitPath: null, role: null },
    action: def.name,
    entity: "Action",
    entityId: entityId ?? null,
    result: "denied",
    reason,
    ip,
  }).catch((e) => console.error(`[audit] 无法记录拒绝事件：${e instanceof Error ? e.message : e}`));
}

/**
 * Turns FormData into a plain object (repeated keys become arrays); plain objects pass through. An empty unnamed file
 * part — what a browser sends for a file input left empty — is "no file" and left out (see isEmptyFilePart).
 */
export function payloadOf(raw: unknown): unknown {
  if (typeof FormData !== "undefined" && raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of raw.entries()) {
      if (key.startsWith("$ACTION")) continue;
      if (isEmptyFilePart(value)) continue;
      if (key in out) out[key] = ([] as unknown[]).concat(out[key], value);
      else out[key] = value;
    }
    return out;
  }
  return raw;
}

export async function executeAction<S extends z.ZodType, O>(
  def: ActionDefinition<S, O>,
  db: Db,
  actor: ActionActor | null,
  ip: string | null,
  raw: unknown,
): Promise<ActionResult<O>> {
  if (!actor) {
    await deny(db, def as ActionDefinition, null, ip, "未登录");
    return { ok: false, code: "UNAUTHENTICATED", error: UNAUTHENTICATED_MESSAGE };
  }
  // a restricted session runs only its own account actions (change password, enrol the second factor)
  if (actor.restriction && def.permission !== "account:self") {
    await deny(db, def as ActionDefinition, actor, ip, `受限会话（${actor.restriction === "password" ? "须先修改密码" : "须先绑定动态口令"}）`);
    return { ok: false, code: "FORBIDDEN", error: RESTRICTED_MESSAGE[actor.restriction] };
  }
  if (!can(actor.role, def.permission)) {
    await deny(db, def as ActionDefinition, actor, ip, `缺少权限 ${def.permission}`);
    return { ok: false, code: "FORBIDDEN", error: FORBIDDEN_MESSAGE };
  }
  const payload = payloadOf(raw);
  // NUL, other control characters, lone surrogates: a field error like any invalid input, and — being the mark of
  // a crafted request — audited (the zod helpers refuse them too; this also covers fields a schema would ignore)
  const badField = forbiddenTextField(payload);
  if (badField !== null) {
    await deny(db, def as ActionDefinition, actor, ip, `输入无效：字段 ${badField.slice(0, 60)} ${FORBIDDEN_CHARS_MESSAGE}`);
    return { ok: false, code: "INVALID", error: "提交的内容有误，请按提示修改", fieldErrors: { [badField]: FORBIDDEN_CHARS_MESSAGE } };
  }
  const parsed = def.input.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, code: "INVALID", error: "提交的内容有误，请按提示修改", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const input = parsed.data as z.output<S>;
  const ctx: ActionContext = { actor, ip };
  try {
    const targets = await def.target(db, input, ctx);
    const list = Array.isArray(targets) ? targets : [targets];
    if (!list.length || list.some((p) => !contains(userScope(actor), p))) {
      await deny(db, def as ActionDefinition, actor, ip, list.some((p) => p === null) ? "记录不存在" : "超出管辖范围");
      return { ok: false, code: "NOT_FOUND", error: NOT_FOUND_MESSAGE };
    }
    const outcome = await db.$transaction(
      async (tx) => {
        const out = await def.run(tx, input, ctx);
        for (const a of Array.isArray(out.audit) ? out.audit : [out.audit]) {
          await writeAudit(tx, { actor: actorOf(actor), action: a.action ?? def.name, entity: a.entity, entityId: a.entityId, before: a.before, after: a.after, ip });
        }
        return out;
      },
      { timeout: def.timeoutMs ?? 15_000, maxWait: 10_000 },
    );
    return { ok: true, data: outcome.data, message: outcome.message };
  } catch (e) {
    if (e instanceof ConflictError) {
      // the losing edit is recorded too: who tried to change what, on which outdated version
      await writeAudit(db, { actor: actorOf(actor), action: def.name, entity: "Action", result: "failure", reason: "版本冲突：该记录已被他人修改", after: auditSafeInput(input), ip }).catch(() => {});
      return { ok: false, code: "CONFLICT", error: e.message, current: e.current };
    }
    if (e instanceof ActionError) {
      if (e.code === "NOT_FOUND" || e.code === "FORBIDDEN") await deny(db, def as ActionDefinition, actor, ip, e.message);
      return { ok: false, code: e.code, error: e.message, fieldErrors: e.fieldErrors };
    }
    const uniqueField = uniqueViolation(e);
    if (uniqueField) return { ok: false, code: "INVALID", error: "与已有记录重复", fieldErrors: { [uniqueField]: "已存在相同的值" } };
    const errorId = randomUUID().slice(0, 8);
    console.error(`[action ${def.name}] 错误编号 ${errorId}`, e);
    return { ok: false, code: "ERROR", error: `系统处理出错，请稍后重试。如仍失败，请将错误编号 ${errorId} 告知管理员。`, errorId };
  }
}

/**
 * The path (as fieldErrorsOf names it) of the first string, key or file name in a payload that holds a control
 * character or a lone surrogate; null when there is none.
 */
export function forbiddenTextField(payload: unknown): string | null {
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string[], depth: number): string | null => {
    const here = () => (path.length ? path.join(".") : "_form");
    if (typeof v === "string") return hasForbiddenChars(v) ? here() : null;
    if (typeof File !== "undefined" && v instanceof File) return hasForbiddenChars(v.name) ? here() : null;
    if (!v || typeof v !== "object" || depth > 8 || seen.has(v)) return null;
    seen.add(v);
    for (const [k, x] of Object.entries(v)) {
      // the key itself: a sanitised rendering of it names the field
      if (hasForbiddenChars(k)) return path.length ? here() : "_form";
      const found = walk(x, Array.isArray(v) ? path : [...path, k], depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(payload, [], 0);
}

/** The parsed input, minus files and internal objects, for the audit log. */
function auditSafeInput(input: unknown): unknown {
  if (!input || typeof input !== "object") return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (k === "config") continue;
    if (typeof File !== "undefined" && v instanceof File) out[k] = { file: v.name, size: v.size };
    else if (Array.isArray(v) && v.some((x) => typeof File !== "undefined" && x instanceof File)) out[k] = v.map((x) => (x instanceof File ? { file: x.name, size: x.size } : x));
    else out[k] = v;
  }
  return out;
}

/** The field of a unique-constraint violation (Prisma P2002, or P2010 of a raw query), if that is what happened. */
function uniqueViolation(e: unknown): string | null {
  const err = e as {
    code?: string;
    meta?: { target?: string[] | string; driverAdapterError?: { cause?: { kind?: string; constraint?: { fields?: string[]; index?: string }; table?: string } } };
  };
  const cause = err?.meta?.driverAdapterError?.cause;
  // P2002 from a model query; P2010 from the multi-row INSERT of lib/ledgers/write.ts (a raw query)
  if (err?.code !== "P2002" && !(err?.code === "P2010" && cause?.kind === "UniqueConstraintViolation")) return null;
  let fields: string[] | string | undefined = cause?.constraint?.fields ?? err.meta?.target;
  // the pg adapter names only the index: Prisma's "<table>_<column>_key"
  const index = cause?.constraint?.index;
  if (!fields && index && cause?.table && index.startsWith(`${cause.table}_`) && index.endsWith("_key")) fields = [index.slice(cause.table.length + 1, -4)];
  const first = Array.isArray(fields) ? fields[0] : fields;
  if (!first) return "_form";
  return String(first).replace(/"/g, "").replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
