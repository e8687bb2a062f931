// Unit administration (系统管理员): add stations and departments under a unit of one's subtree, rename, deactivate.
// Territorial units (省/市州/县区) come from the NBS reference data and are not created here.
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { zId, zOptionalText, zText, zVersion } from "@/lib/validation";

export const ZCreateUnit = z.object({
  parentId: zId("上级单位"),
  level: z.enum(["STATION", "DEPARTMENT"], { error: "请选择单位类型（派出所或警种部门）" }),
  name: zText("单位名称", 2, 60),
  shortName: zOptionalText("简称", 30),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,20}$/, "单位代码只能是 2–20 位字母或数字")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const createUnitAction: ActionDefinition<typeof ZCreateUnit, { id: number; code: string }> = {
  name: "unit.create",
  title: "新建单位",
  permission: "unit:manage",
  input: ZCreateUnit,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.parentId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input) => {
    const parent = await tx.unit.findUniqueOrThrow({ where: { id: input.parentId } });
    if (!parent.active) throw new ActionError("上级单位已停用", { parentId: "上级单位已停用" });
    if (input.level === "STATION" && !(parent.level === "COUNTY" || parent.level === "CITY"))
      throw new ActionError("派出所只能设在县区或市州下", { parentId: "派出所只能设在县区或市州下" });
    if (input.level === "DEPARTMENT" && !(parent.level === "PROVINCE" || parent.level === "CITY" || parent.level === "COUNTY"))
      throw new ActionError("警种部门只能设在省厅、市州或县区下", { parentId: "警种部门只能设在省厅、市州或县区下" });
    let code = input.code;
    if (!code) {
      const prefix = `${parent.code}${input.level === "STATION" ? "P" : "D"}`;
      const siblings = await tx.unit.findMany({ where: { code: { startsWith: prefix } }, select: { code: true } });
      const max = siblings.reduce((m, s) => Math.max(m, Number(s.code.slice(prefix.length)) || 0), 0);
      code = `${prefix}${String(max + 1).padStart(2, "0")}`;
    }
    if (await tx.unit.findUnique({ where: { code }, select: { id: true } })) throw new ActionError("单位代码已存在", { code: "单位代码已存在" });
    const count = await tx.unit.count({ where: { parentId: parent.id } });
    const unit = await tx.unit.create({
      data: {
        code,
        name: input.name,
        shortName: input.shortName ?? null,
        level: input.level,
        parentId: parent.id,
        path: `${parent.path}${code}/`,
        depth: parent.depth + 1,
        sortOrder: count,
      },
    });
    return {
      data: { id: unit.id, code: unit.code },
      audit: { entity: "Unit", entityId: unit.id, after: { code: unit.code, name: unit.name, level: unit.level, parent: parent.code } },
      message: `已新建单位「${unit.name}」（代码 ${unit.code}）`,
    };
  },
};

export const ZUpdateUnit = z.object({
  id: zId("单位"),
  version: zVersion,
  name: zText("单位名称", 2, 60),
  shortName: zOptionalText("简称", 30),
  active: z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean()),
});

export const updateUnitAction: ActionDefinition<typeof ZUpdateUnit, { id: number; version: number }> = {
  name: "unit.update",
  title: "修改单位",
  permission: "unit:manage",
  input: ZUpdateUnit,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.id }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const before = await tx.unit.findUniqueOrThrow({ where: { id: input.id } });
    if (!input.active && before.active) {
      if (before.path === ctx.actor.unitPath) throw new ActionError("不能停用本人所在单位", { active: "不能停用本人所在单位" });
      if (before.level !== "STATION" && before.level !== "DEPARTMENT") throw new ActionError("省、市州、县区单位不能停用", { active: "省、市州、县区单位不能停用" });
      const users = await tx.user.count({ where: { unitId: before.id, status: "ACTIVE" } });
      if (users) throw new ActionError(`该单位还有 ${users} 个启用的用户，请先调整`, { active: `该单位还有 ${users} 个启用的用户` });
      const children = await tx.unit.count({ where: { parentId: before.id, active: true } });
      if (children) throw new ActionError(`该单位还有 ${children} 个启用的下级单位`, { active: `该单位还有 ${children} 个启用的下级单位` });
    }
    const { count } = await tx.unit.updateMany({
      where: { id: input.id, version: input.version },
      data: { name: input.name, shortName: input.shortName ?? null, active: input.active, version: { increment: 1 } },
    });
    if (!count) throw new ConflictError({ name: before.name, shortName: before.shortName, active: before.active, version: before.version });
    return {
      data: { id: before.id, version: input.version + 1 },
      audit: {
        entity: "Unit",
        entityId: before.id,
        before: { name: before.name, shortName: before.shortName, active: before.active },
        after: { name: input.name, shortName: input.shortName ?? null, active: input.active },
      },
      message: "单位信息已保存",
    };
  },
};
