// Saved filters (lib/saved-filters): per user, re-validated when saved and when applied, Chinese messages for bad
// names, built-in presets.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { deleteFilterAction, saveFilterAction } from "@/lib/saved-filters/actions";
import { listPresets, savedFilterHref, savedList } from "@/lib/saved-filters/lists";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";

const t = setupTestDatabase();

describe("saved filters", () => {
  it("saves the list's own reading of the query, per user, and only the owner can delete it", async () => {
    const a = await makeUser(t.db, "OFFICER", "620102");
    const b = await makeUser(t.db, "OFFICER", "620102");
    // junk parameters, a unit, a page, an unknown status are dropped; the filter stays
    const r = await executeAction(saveFilterAction, t.db, a, null, { list: "tasks", name: "  城关逾期  ", query: "rag=overdue&unit=620103&page=7&status=bogus&role=LEAD&evil=%27%3B" });
    expect(r).toMatchObject({ ok: true });
    const row = await t.db.savedFilter.findFirstOrThrow({ where: { userId: a.id } });
    expect(row).toMatchObject({ listKey: "tasks", name: "城关逾期", query: "rag=overdue&role=LEAD" });
    expect(await t.db.auditLog.count({ where: { action: "savedFilter.save", userId: a.id, result: "success" } })).toBe(1);

    // another user has their own filters: the same name is free for them, and a's filter is not theirs
    expect(await executeAction(saveFilterAction, t.db, b, null, { list: "tasks", name: "城关逾期", query: "status=all" })).toMatchObject({ ok: true });
    const del = await executeAction(deleteFilterAction, t.db, b, null, { id: row.id });
    expect(del).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.db.savedFilter.count({ where: { id: row.id } })).toBe(1);
    expect(await executeAction(deleteFilterAction, t.db, a, null, { id: row.id })).toMatchObject({ ok: true });
    expect(await t.db.savedFilter.count({ where: { id: row.id } })).toBe(0);
  });

  it("refuses duplicate, empty, too long and control-character names, and a filter with nothing in it, in Chinese", async () => {
    const u = await makeUser(t.db, "REVIEWER", "6201");
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "ledger:disputes", name: "预警", query: "preset=warning" })).toMatchObject({ ok: true });
    const dup = await executeAction(saveFilterAction, t.db, u, null, { list: "ledger:disputes", name: "预警", query: "status=调解中" });
    expect(dup).toMatchObject({ ok: false, code: "INVALID", fieldErrors: { name: "已有名为「预警」的筛选，请换一个名称" } });
    // the same name on another list is another filter
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "ledger:intel", name: "预警", query: "grade=1" })).toMatchObject({ ok: true });
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "tasks", name: "   ", query: "rag=red" })).toMatchObject({ ok: false, fieldErrors: { name: "请填写筛选名称" } });
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "tasks", name: "名".repeat(21), query: "rag=red" })).toMatchObject({ ok: false, fieldErrors: { name: "筛选名称不能超过 20 个字" } });
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "tasks", name: "a\u0000b", query: "rag=red" })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "tasks", name: "空的", query: "page=3&unit=62" })).toMatchObject({ ok: false, fieldErrors: { name: "当前没有筛选条件，请先筛选再保存" } });
    expect(await executeAction(saveFilterAction, t.db, u, null, { list: "ledger:__proto__", name: "x", query: "q=1" })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await t.db.savedFilter.count({ where: { userId: u.id } })).toBe(2);
  });

  it("re-reads a stored query when it is applied: what was edited in the database is dropped", async () => {
    const list = savedList("ledger:disputes")!;
    expect(savedFilterHref(list, "status=调解中&riskTier=RED&q=%E7%8E%8B")).toBe("/ledgers/disputes?q=%E7%8E%8B&riskTier=RED&status=%E8%B0%83%E8%A7%A3%E4%B8%AD");
    expect(savedFilterHref(list, "status=<script>&unit=6205&foundOn_from=not-a-day&preset=evil")).toBe("/ledgers/disputes");
    expect(savedFilterHref(savedList("tasks")!, "unit=6205")).toBe("/tasks?status=open");
    expect(savedList("ledger:nope")).toBeNull();
    expect(savedList("constructor")).toBeNull();
  });

  it("offers 「我的逾期」 and, to reviewers, 「待我审核」 on the task list, and 「本月新增」 on the ledgers", () => {
    expect(listPresets("tasks", { role: "OFFICER", unitCode: "620102" }).map((p) => [p.name, p.href])).toEqual([["我的逾期", "/tasks?rag=overdue&unit=620102"]]);
    expect(listPresets("tasks", { role: "REVIEWER", unitCode: "6201" }).map((p) => p.name)).toEqual(["我的逾期", "待我审核"]);
    expect(listPresets("ledger:disputes", { role: "OFFICER", unitCode: "620102" }, new Date("2026-11-30T17:00:00Z"))).toEqual([{ name: "本月新增", href: "/ledgers/disputes?foundOn_from=2026-12-01" }]);
  });

  it("refuses the administrators", async () => {
    for (const role of ["SYSADMIN", "SECADMIN", "AUDITOR"] as const) {
      const admin = await makeUser(t.db, role, "62");
      expect(await executeAction(saveFilterAction, t.db, admin, null, { list: "tasks", name: "x", query: "rag=red" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });
});
