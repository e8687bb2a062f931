// 填报: one unit's figures for one completed month, saved in one transaction with one audit row (before/after).
// Errors (lib/stats/validate.ts) block; warnings come back until the user confirms them ("数据已核实"). Each stored
// value carries a version: a figure changed by someone else since the form was loaded is a conflict, never
// silently overwritten. Unchanged figures are not written (no version bump).
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import type { Tx } from "@/lib/db/client";
import { zId, zString } from "@/lib/validation";
import { STAT_METRICS, STAT_METRIC_MAP, metricLabel } from "./catalogue";
import { entryUnit, unitMonths, valuesOnly } from "./queries";
import { CONFIRM_HINT, NOT_ENTERABLE_MESSAGE, WARN_MESSAGE, addMonths, enterableMetrics, isEnterable, isMonthString, metricRefusal, monthDate, monthLabel, parseStatInput, sameValue, validateStatMonth } from "./validate";

const zVersionMap = z.record(
  zString(),
  z.preprocess((v) => (v === "" || v === null || v === undefined ? 0 : v), z.coerce.number({ error: "版本号无效" }).int("版本号无效").min(0, "版本号无效").max(2_147_483_647, "版本号无效")),
);

/**
 * The input: { unitId, month: "YYYY-MM", values: metric → string, versions: metric → version, confirm }. From a form,
 * the values come as fields `v.<metric>` and the versions as `ver.<metric>` (0 or empty: the value did not exist).
 * A metric whose field is sent empty is "not reported" (a stored value is removed); a metric not sent at all is left
 * as it is.
 */
export const ZSaveStats = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const o = raw as Record<string, unknown>;
    const values: Record<string, unknown> = o.values && typeof o.values === "object" ? { ...(o.values as object) } : {};
    const versions: Record<string, unknown> = o.versions && typeof o.versions === "object" ? { ...(o.versions as object) } : {};
    for (const [k, v] of Object.entries(o)) {
      if (k.startsWith("v.")) values[k.slice(2)] = v;
      else if (k.startsWith("ver.")) versions[k.slice(4)] = v;
    }
    return { unitId: o.unitId, month: o.month, values, versions, confirm: o.confirm };
  },
  z.object({
    unitId: zId("填报单位"),
    month: zString({ error: "请选择月份" }).trim().refine(isMonthString, "月份格式应为 YYYY-MM，例如 2025-03"),
    values: z
      .record(zString(), z.union([zString(), z.number(), z.null()], { error: "应为数字" }))
      .refine((v) => Object.keys(v).every((k) => STAT_METRIC_MAP.has(k)), "含有未知的统计指标")
      .refine((v) => Object.keys(v).length > 0, "没有要保存的数据"),
    versions: zVersionMap,
    confirm: z.preprocess((v) => v === "1" || v === "true" || v === "on" || v === true, z.boolean()),
  }),
);

export interface SaveStatsResult {
  unitId: number;
  month: string;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** metric → version now stored (0: no value) */
  versions: Record<string, number>;
}

const show = (v: number | null | undefined) => (v === null || v === undefined ? "（未填报）" : v.toLocaleString("zh-CN", { maximumFractionDigits: 2 }));

export const saveStatsAction: ActionDefinition<typeof ZSaveStats, SaveStatsResult> = {
  name: "stats.save",
  title: "填报月度统计",
  permission: "stats:write",
  input: ZSaveStats,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { id: true, code: true, name: true, path: true, level: true, active: true } });
    const entry = await entryUnit(tx, unit);
    if (!isEnterable(entry)) throw new ActionError(NOT_ENTERABLE_MESSAGE, { unitId: NOT_ENTERABLE_MESSAGE });
    if (!unit.active) throw new ActionError("该单位已停用，不能填报", { unitId: "该单位已停用" });
    // metrics of another level (the province's policies on a county, a county's cases on the province): refused
    const allowed = new Set(enterableMetrics(entry));
    const foreign = Object.entries(input.values).filter(([k, v]) => !allowed.has(k) && parseStatInput(v).value !== null);
    if (foreign.length) {
      const message = metricRefusal(entry, foreign[0][0])!;
      throw new ActionError(message, Object.fromEntries(foreign.map(([k]) => [`v.${k}`, message])));
    }
    const values = Object.fromEntries(Object.entries(input.values).filter(([k]) => allowed.has(k)));

    // parse: "" is not reported, anything else must be a number
    const fieldErrors: Record<string, string> = {};
    const proposed: Record<string, number | null> = {};
    for (const [key, raw] of Object.entries(values)) {
      const p = parseStatInput(raw);
      if (p.error) fieldErrors[`v.${key}`] = p.error;
      else proposed[key] = p.value;
    }
    const reported = Object.fromEntries(Object.entries(proposed).filter(([, v]) => v !== null)) as Record<string, number>;

    // lock the unit-month's rows for the check-then-write (a concurrent save waits, then sees the new versions)
    await tx.$queryRaw`SELECT id FROM stat_values WHERE unit_id = ${unit.id} AND month = ${`${input.month}-01`}::date FOR UPDATE`;
    const stored = await unitMonths(tx, unit.id, [input.month, addMonths(input.month, -1)]);
    const current = stored.get(input.month)!;
    const previous = valuesOnly(stored.get(addMonths(input.month, -1)));
    const untouched = Object.fromEntries(Object.entries(current).filter(([k]) => !(k in values)).map(([k, v]) => [k, v.value]));

    const result = validateStatMonth({ month: input.month, values: reported, previous, same: untouched });
    for (const e of result.errors) {
      const key = e.metric ? `v.${e.metric}` : "month";
      fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]}；${e.message}` : e.message;
    }
    if (Object.keys(fieldErrors).length) {
      const n = Object.keys(fieldErrors).length;
      throw new ActionError(fieldErrors.month && n === 1 ? fieldErrors.month : `有 ${n} 处数据有误，请按提示修改后再提交。未保存任何数据。`, fieldErrors);
    }

    // optimistic concurrency: every figure as it was when the form was loaded
    const stale = STAT_METRICS.filter((m) => (current[m.key]?.version ?? 0) !== (input.versions[m.key] ?? 0) && allowed.has(m.key) && (m.key in values || m.key in input.versions));
    if (stale.length) throw new ConflictError(conflictView(current));

    const changed = Object.keys(proposed).filter((k) => !sameValue(proposed[k], current[k]?.value));
    // warnings about figures that change now (or whose pair changes); figures already confirmed are not asked again
    const warnings = result.warnings.filter((w) => changed.includes(w.metric) || changed.includes(STAT_METRIC_MAP.get(w.metric)?.notAbove?.metric ?? ""));
    if (warnings.length && !input.confirm) {
      const fe: Record<string, string> = {};
      for (const w of warnings) fe[`v.${w.metric}`] = fe[`v.${w.metric}`] ? `${fe[`v.${w.metric}`]}；${w.message}` : w.message;
      fe.confirm = CONFIRM_HINT;
      throw new ActionError(WARN_MESSAGE, fe);
    }

    const counts = { created: 0, updated: 0, removed: 0 };
    const before: Record<string, number | null> = {};
    const after: Record<string, number | null> = {};
    for (const key of changed) {
      const metric = STAT_METRIC_MAP.get(key)!;
      const value = proposed[key];
      const was = current[key];
      before[key] = was?.value ?? null;
      after[key] = value;
      await write(tx, { actorId: ctx.actor.id, unitId: unit.id, unitPath: unit.path, month: input.month, metric: key, decimals: metric.decimals ?? 0, value, was, current });
      if (value === null) counts.removed++;
      else if (was) counts.updated++;
      else counts.created++;
    }
    const now = await unitMonths(tx, unit.id, [input.month]);
    const versions = Object.fromEntries(STAT_METRICS.map((m) => [m.key, now.get(input.month)![m.key]?.version ?? 0]));
    const unchanged = Object.keys(proposed).length - changed.length;
    const parts = [counts.created && `新增 ${counts.created} 项`, counts.updated && `修改 ${counts.updated} 项`, counts.removed && `清除 ${counts.removed} 项`].filter(Boolean);
    return {
      data: { unitId: unit.id, month: input.month, ...counts, unchanged, versions },
      audit: {
        entity: "StatValue",
        entityId: `${unit.code}:${input.month}`,
        before: { unit: unit.code, month: input.month, values: before },
        after: { unit: unit.code, month: input.month, values: after, confirmedWarnings: warnings.length ? warnings.map((w) => `${metricLabel(w.metric)}：${w.message}`) : undefined },
      },
      message: parts.length ? `${unit.name} ${monthLabel(input.month)}数据已保存：${parts.join("，")}` : `${unit.name} ${monthLabel(input.month)}数据没有变化`,
    };
  },
};

async function write(
  tx: Tx,
  w: { actorId: number; unitId: number; unitPath: string; month: string; metric: string; decimals: number; value: number | null; was?: { version: number }; current: Record<string, { value: number; version: number }> },
) {
  const where = { unitId: w.unitId, month: monthDate(w.month), metric: w.metric };
  let count: number;
  if (w.value === null) count = (await tx.statValue.deleteMany({ where: { ...where, version: w.was!.version } })).count;
  else if (w.was) count = (await tx.statValue.updateMany({ where: { ...where, version: w.was.version }, data: { value: w.value.toFixed(w.decimals), version: { increment: 1 }, updatedById: w.actorId } })).count;
  else count = (await tx.statValue.createMany({ data: [{ ...where, unitPath: w.unitPath, value: w.value.toFixed(w.decimals), updatedById: w.actorId }], skipDuplicates: true })).count;
  if (!count) throw new ConflictError(conflictView(w.current));
}

/** the figures as stored now, labelled in Chinese, for the conflict message */
function conflictView(current: Record<string, { value: number; version: number }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of STAT_METRICS) if (current[m.key]) out[metricLabel(m.key)] = show(current[m.key].value);
  if (!Object.keys(out).length) out["当前数据"] = "（该月已无数据）";
  return out;
}
