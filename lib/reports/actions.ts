// Scheduled reports: an analyst asks for "兰州, every month on the 3rd".
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { zId, zVersion } from "@/lib/validation";

export const ZCreateSchedule = z.object({
  unitId: zId("单位"),
  dayOfMonth: z.coerce.number({ error: "请填写每月几日" }).int("日期应为整数").min(1, "日期应在 1–28 之间").max(28, "日期应在 1–28 之间（每月都有的日子）"),
});

export const createScheduleAction: ActionDefinition<typeof ZCreateSchedule, { id: number }> = {
  name: "report.schedule.create",
  title: "设置定期生成月报",
  permission: "report:generate",
  input: ZCreateSchedule,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { id: true, path: true, name: true, level: true } });
    if (!["PROVINCE", "CITY", "COUNTY"].includes(unit.level)) throw new ActionError("月报按省、市州、县区生成", { unitId: "请选择省、市州或县区" });
    if (await tx.reportSchedule.findFirst({ where: { unitId: unit.id, active: true } })) throw new ActionError("该单位已设置定期生成", { unitId: "该单位已设置定期生成" });
    const row = await tx.reportSchedule.create({ data: { unitId: unit.id, unitPath: unit.path, dayOfMonth: input.dayOfMonth, createdById: ctx.actor.id } });
    return {
      data: { id: row.id },
      audit: { entity: "ReportSchedule", entityId: row.id, after: { unit: unit.name, dayOfMonth: input.dayOfMonth } },
      message: `已设置：每月 ${input.dayOfMonth} 日自动生成${unit.name}上月月报`,
    };
  },
};

export const ZToggleSchedule = z.object({ id: zId("计划"), version: zVersion, active: z.preprocess((v) => v === true || v === "true", z.boolean()) });

export const toggleScheduleAction: ActionDefinition<typeof ZToggleSchedule, { version: number }> = {
  name: "report.schedule.toggle",
  title: "启用或停用定期生成",
  permission: "report:generate",
  input: ZToggleSchedule,
  target: async (db, input) => (await db.reportSchedule.findUnique({ where: { id: input.id }, select: { unitPath: true } }))?.unitPath ?? null,
  run: async (tx, input) => {
    const before = await tx.reportSchedule.findUniqueOrThrow({ where: { id: input.id } });
    const { count } = await tx.reportSchedule.updateMany({ where: { id: input.id, version: input.version }, data: { active: input.active, version: { increment: 1 } } });
    if (!count) throw new ConflictError({ 状态: before.active ? "启用" : "停用", version: before.version });
    return {
      data: { version: input.version + 1 },
      audit: { entity: "ReportSchedule", entityId: input.id, before: { active: before.active }, after: { active: input.active } },
      message: input.active ? "已启用" : "已停用",
    };
  },
};
