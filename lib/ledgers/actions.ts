// The server actions of every ledger: one definition each for create, update and import, parametrised by the
// ledger's key. Validation, scope, links, concurrency and audit are the same for every ledger.
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/actions/core";
import { type Scope, contains, userScope } from "@/lib/auth/scope";
import { notifyHomicideWarning } from "@/lib/notifications/events";
import { zId, zVersion } from "@/lib/validation";
import { LEDGERS, LEDGER_KEYS } from "./configs";
import { ledgerFieldsSchema } from "./schema";
import type { LedgerConfig, LedgerValues, WriteContext } from "./types";
import { createRecord, delegate, resolveLinks, updateRecord } from "./write";

/** Two-step parse: first which ledger, then that ledger's fields (so field errors are the ledger's own). */
function ledgerInput<E extends z.ZodRawShape>(extra: E) {
  const head = z.object({ ledger: z.enum(LEDGER_KEYS as [string, ...string[]], { error: "台账类型无效" }) }).loose();
  return z.unknown().transform((raw, ctx) => {
    const h = head.safeParse(raw);
    if (!h.success) {
      for (const i of h.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
      return z.NEVER;
    }
    const config = LEDGERS[h.data.ledger as keyof typeof LEDGERS];
    const r = ledgerFieldsSchema(config).and(z.object(extra)).safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
      return z.NEVER;
    }
    const data = r.data as LedgerValues & z.output<z.ZodObject<E>>;
    return { config, values: data as LedgerValues, extra: data as z.output<z.ZodObject<E>> };
  });
}

const ZCreate = ledgerInput({ unitId: zId("所属单位") });
const ZUpdate = ledgerInput({ id: zId("记录"), version: zVersion });

function writeContext(actorId: number): WriteContext {
  return { actorId, now: new Date(), touched: new Map(), cache: new Map() };
}

/** Link codes that do not resolve, or resolve outside the caller's subtree, are one and the same error. */
async function linkTargets(db: unknown, config: LedgerConfig, values: LedgerValues, scope: Scope) {
  const { byField, missing } = await resolveLinks(db, config, values);
  const errors: Record<string, string> = {};
  for (const [field, codes] of missing) errors[field] = `${codes.join("、")} 不存在或不在您的管辖范围内`;
  for (const [field, rows] of byField) {
    const out = rows.filter((r) => !contains(scope, r.unitPath)).map((r) => r.code);
    if (out.length) errors[field] = `${out.join("、")} 不存在或不在您的管辖范围内`;
  }
  if (Object.keys(errors).length) throw new ActionError("关联记录不存在或不在您的管辖范围内", errors, "NOT_FOUND");
  return byField;
}

export const ledgerCreateAction: ActionDefinition<typeof ZCreate, { id: number; code: string }> = {
  name: "ledger.create",
  title: "新增台账记录",
  permission: "ledger:write",
  input: ZCreate,
  target: async (db, { config, values, extra }, ctx) => {
    const unit = await db.unit.findUnique({ where: { id: extra.unitId }, select: { path: true } });
    if (unit) await linkTargets(db, config, values, userScope(ctx.actor));
    return unit?.path ?? null;
  },
  run: async (tx, { config, values, extra }, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: extra.unitId }, select: { id: true, code: true, path: true, active: true } });
    if (!unit.active) throw new ActionError("所属单位已停用", { unitId: "所属单位已停用" });
    const links = await linkTargets(tx, config, values, userScope(ctx.actor));
    const row = await createRecord(tx, config, unit, values, links, writeContext(ctx.actor.id));
    if (config.key === "disputes") await notifyHomicideWarning(tx, null, row);
    return {
      data: { id: row.id as number, code: row.code as string },
      audit: { entity: config.model, entityId: row.id as number, after: { ledger: config.key, code: row.code, ...values } },
      message: `已登记 ${row.code}`,
    };
  },
};

export const ledgerUpdateAction: ActionDefinition<typeof ZUpdate, { id: number; version: number }> = {
  name: "ledger.update",
  title: "修改台账记录",
  permission: "ledger:write",
  input: ZUpdate,
  target: async (db, { config, values, extra }, ctx) => {
    const row = await delegate(db, config).findUnique({ where: { id: extra.id }, select: { unitPath: true } });
    if (row) await linkTargets(db, config, values, userScope(ctx.actor));
    return (row?.unitPath as string | undefined) ?? null;
  },
  run: async (tx, { config, values, extra }, ctx) => {
    const links = await linkTargets(tx, config, values, userScope(ctx.actor));
    const { before, after } = await updateRecord(tx, config, extra.id, extra.version, values, links, writeContext(ctx.actor.id));
    if (config.key === "disputes") await notifyHomicideWarning(tx, before, after);
    return {
      data: { id: extra.id, version: extra.version + 1 },
      audit: { entity: config.model, entityId: extra.id, before: { ledger: config.key, ...before }, after: { ledger: config.key, ...after } },
      message: `已保存 ${before.code as string}`,
    };
  },
};
