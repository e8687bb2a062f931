// Saving and deleting a user's named filters of a list. A filter belongs to the user who saved it and is reached only
// by them: anyone else's id is "not found". The query string is re-read by the list's own parser before it is stored
// (lib/saved-filters/lists.ts) and again whenever it is applied.
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/actions/core";
import { can } from "@/lib/auth/permissions";
import { zId, zString, zText } from "@/lib/validation";
import { SAVED_FILTER_LIMIT, SAVED_FILTER_NAME_MAX, SAVED_LIST_KEYS, savedList } from "./lists";

const ZSave = z.object({
  list: z.enum(SAVED_LIST_KEYS, { error: "列表无效" }),
  name: zText("筛选名称", 1, SAVED_FILTER_NAME_MAX),
  query: zString({ error: "筛选条件无效" }).max(1000, "筛选条件过长"),
});

const ZDelete = z.object({ id: zId("筛选") });

/** The list, if the caller may read it (else refused like any missing permission). */
function listFor(key: string, role: string) {
  const list = savedList(key);
  if (!list) throw new ActionError("列表无效", { list: "列表无效" });
  if (!can(role, list.permission)) throw new ActionError("您没有查看该列表的权限", undefined, "FORBIDDEN");
  return list;
}

export const saveFilterAction: ActionDefinition<typeof ZSave, { id: number; href: string }> = {
  name: "savedFilter.save",
  title: "保存筛选条件",
  permission: "dashboard:read",
  input: ZSave,
  // the caller's own record
  target: async (_db, input, ctx) => {
    listFor(input.list, ctx.actor.role);
    return ctx.actor.unitPath;
  },
  run: async (tx, input, ctx) => {
    const list = listFor(input.list, ctx.actor.role);
    const query = list.normalize(input.query);
    if (!query) throw new ActionError("当前没有筛选条件，请先筛选再保存", { name: "当前没有筛选条件，请先筛选再保存" });
    const mine = await tx.savedFilter.findMany({ where: { userId: ctx.actor.id, listKey: list.key }, select: { name: true } });
    if (mine.some((f) => f.name === input.name)) throw new ActionError(`已有名为「${input.name}」的筛选，请换一个名称`, { name: `已有名为「${input.name}」的筛选，请换一个名称` });
    if (mine.length >= SAVED_FILTER_LIMIT) throw new ActionError(`每个列表最多保存 ${SAVED_FILTER_LIMIT} 个筛选，请先删除不用的`, { name: `每个列表最多保存 ${SAVED_FILTER_LIMIT} 个筛选` });
    const row = await tx.savedFilter.create({ data: { userId: ctx.actor.id, listKey: list.key, name: input.name, query } });
    return {
      data: { id: row.id, href: `${list.path}?${query}` },
      audit: { entity: "SavedFilter", entityId: row.id, after: { list: list.key, filterName: row.name, query } },
      message: `已保存筛选「${row.name}」`,
    };
  },
};

export const deleteFilterAction: ActionDefinition<typeof ZDelete, { id: number }> = {
  name: "savedFilter.delete",
  title: "删除保存的筛选",
  permission: "dashboard:read",
  input: ZDelete,
  target: async (db, input, ctx) => {
    const row = await db.savedFilter.findUnique({ where: { id: input.id }, select: { userId: true } });
    // somebody else's filter does not exist for the caller
    return row && row.userId === ctx.actor.id ? ctx.actor.unitPath : null;
  },
  run: async (tx, input, ctx) => {
    const row = await tx.savedFilter.findFirst({ where: { id: input.id, userId: ctx.actor.id } });
    if (!row) throw new ActionError("记录不存在或不在您的管辖范围内", undefined, "NOT_FOUND");
    await tx.savedFilter.delete({ where: { id: row.id } });
    return {
      data: { id: row.id },
      audit: { entity: "SavedFilter", entityId: row.id, before: { list: row.listKey, filterName: row.name, query: row.query } },
      message: `已删除筛选「${row.name}」`,
    };
  },
};
