// 绩效考评: add/deduct items with evidence (reviewers, for units below their own), and the indicator tree
// (province commanders).
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { zId, zString, zText, zVersion } from "@/lib/validation";
import { ZScheme } from "./scheme";

const zPeriod = zString().trim().regex(/^\d{4}(-Q[1-4])?$/, "考评期应为年（2025）或季度（2025-Q3）");

export const ZAdjust = z.object({
  unitId: zId("被考评单位"),
  period: zPeriod,
  indicator: zString().trim().min(1, "请选择指标"),
  points: z.coerce
    .number({ error: "分值应为数字" })
    .refine((v) => Number.isFinite(v) && v !== 0, "分值不能为 0（加分为正，扣分为负）")
    .refine((v) => v >= -20 && v <= 10, "单项分值应在 −20 到 +10 之间")
    .refine((v) => Math.round(v * 100) === v * 100, "分值最多两位小数"),
  reason: zText("加减分事由", 4, 500),
  evidence: zText("佐证材料", 4, 500),
});

export const adjustScoreAction: ActionDefinition<typeof ZAdjust, { id: number }> = {
  name: "assessment.adjust",
  title: "登记考评加减分",
  permission: "assessment:adjust",
  input: ZAdjust,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { id: true, path: true, level: true, name: true } });
    if (unit.path === ctx.actor.unitPath) throw new ActionError("不能给本单位加减分", { unitId: "不能给本单位加减分" }, "FORBIDDEN");
    if (unit.level !== "CITY" && unit.level !== "COUNTY") throw new ActionError("只对市州、县区考评", { unitId: "只对市州、县区考评" });
    const scheme = await tx.assessmentScheme.findFirst({ where: { active: true }, orderBy: { id: "desc" } });
    if (!scheme) throw new ActionError("尚未设置考评指标体系");
    const parsed = ZScheme.safeParse(scheme.tree);
    const ids = parsed.success ? parsed.data.groups.flatMap((g) => g.indicators.map((i) => i.id)) : [];
    if (!ids.includes(input.indicator)) throw new ActionError("指标不在当前考评体系中", { indicator: "指标不在当前考评体系中" });
    const row = await tx.assessmentAdjustment.create({
      data: { schemeId: scheme.id, unitId: unit.id, unitPath: unit.path, period: input.period, indicator: input.indicator, points: input.points, reason: input.reason, evidence: input.evidence, createdById: ctx.actor.id },
    });
    return {
      data: { id: row.id },
      audit: { entity: "AssessmentAdjustment", entityId: row.id, after: { unit: unit.name, period: input.period, indicator: input.indicator, points: input.points, reason: input.reason, evidence: input.evidence } },
      message: `已为${unit.name}登记${input.points > 0 ? "加" : "扣"}分 ${Math.abs(input.points)} 分`,
    };
  },
};

export const ZRemoveAdjustment = z.object({ id: zId("加减分项"), version: zVersion, reason: zText("撤销原因", 4, 200) });

export const removeAdjustmentAction: ActionDefinition<typeof ZRemoveAdjustment, { id: number }> = {
  name: "assessment.removeAdjustment",
  title: "撤销考评加减分",
  permission: "assessment:adjust",
  input: ZRemoveAdjustment,
  target: async (db, input) => (await db.assessmentAdjustment.findUnique({ where: { id: input.id }, select: { unitPath: true } }))?.unitPath ?? null,
  run: async (tx, input, ctx) => {
    const row = await tx.assessmentAdjustment.findUniqueOrThrow({ where: { id: input.id } });
    if (row.unitPath === ctx.actor.unitPath) throw new ActionError("不能处理本单位的加减分", undefined, "FORBIDDEN");
    const { count } = await tx.assessmentAdjustment.deleteMany({ where: { id: input.id, version: input.version } });
    if (!count) throw new ConflictError({ 分值: String(row.points), version: row.version });
    return {
      data: { id: row.id },
      audit: { entity: "AssessmentAdjustment", entityId: row.id, before: { period: row.period, indicator: row.indicator, points: String(row.points), reason: row.reason, evidence: row.evidence }, after: { removed: input.reason } },
      message: "已撤销",
    };
  },
};

export const ZConfigure = z.object({
  version: zVersion,
  tree: zString().max(50_000, "内容过长").transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "不是有效的 JSON" });
      return z.NEVER;
    }
  }),
});

export const configureSchemeAction: ActionDefinition<typeof ZConfigure, { version: number }> = {
  name: "assessment.configure",
  title: "设置考评指标体系",
  permission: "assessment:configure",
  input: ZConfigure,
  target: async (db, _input, ctx) => (await db.unit.findUnique({ where: { id: ctx.actor.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: ctx.actor.unitId }, select: { level: true } });
    if (unit.level !== "PROVINCE") throw new ActionError("考评指标体系由省厅设置", undefined, "FORBIDDEN");
    const parsed = ZScheme.safeParse(input.tree);
    if (!parsed.success) throw new ActionError("指标体系有误", { tree: parsed.error.issues.map((i) => `${i.path.join(".") || "体系"}：${i.message}`).join("；") });
    const current = await tx.assessmentScheme.findFirst({ where: { active: true }, orderBy: { id: "desc" } });
    if (!current) throw new ActionError("尚未设置考评指标体系");
    const { count } = await tx.assessmentScheme.updateMany({ where: { id: current.id, version: input.version }, data: { tree: parsed.data as never, name: parsed.data.name, version: { increment: 1 } } });
    if (!count) throw new ConflictError({ 版本: String(current.version), version: current.version });
    return {
      data: { version: input.version + 1 },
      audit: { entity: "AssessmentScheme", entityId: current.id, before: current.tree, after: parsed.data },
      message: "考评指标体系已保存",
    };
  },
};
