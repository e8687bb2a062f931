// The global search (lib/search): scope, permissions, wildcards, input checks, and the trigram indexes it relies on.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRoute } from "@/lib/http/route-core";
import { LEDGER_SEARCH, searchIndexSql } from "@/lib/search/spec";
import { escapeLike, parseSearchTerm, searchRecords } from "@/lib/search/queries";
import { searchSuggestRoute } from "@/lib/search/routes";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { makeAssignment, makeLedgerRecord } from "./helpers/work-factories";

const t = setupTestDatabase();

const hitsOf = (groups: Awaited<ReturnType<typeof searchRecords>>) => groups.flatMap((g) => g.hits.map((h) => ({ kind: g.kind, ...h })));

describe("global search", () => {
  it("finds a record of the user's county by code, title and person, and never one of another county", async () => {
    const mine = await makeLedgerRecord(t.db, "disputes", "620102", { summary: "城关区邻里噪音纠纷甲", parties: "欧阳春花、司马秋实" });
    const theirs = await makeLedgerRecord(t.db, "disputes", "620103", { summary: "七里河区邻里噪音纠纷乙", parties: "欧阳夏雨、司马冬青" });
    const county = await makeUser(t.db, "OFFICER", "620102");
    const other = await makeUser(t.db, "OFFICER", "620103");
    const city = await makeUser(t.db, "COMMANDER", "6201");

    // by code (also typed in lower case)
    expect(hitsOf(await searchRecords(t.db, county, mine.code as string)).map((h) => h.code)).toEqual([mine.code]);
    expect(hitsOf(await searchRecords(t.db, county, (mine.code as string).toLowerCase())).map((h) => h.code)).toEqual([mine.code]);
    expect(hitsOf(await searchRecords(t.db, county, theirs.code as string))).toEqual([]);
    // by title and by a person
    for (const q of ["邻里噪音纠纷", "欧阳", "司马"]) {
      const codes = hitsOf(await searchRecords(t.db, county, q)).map((h) => h.code);
      expect(codes, q).toContain(mine.code);
      expect(codes, q).not.toContain(theirs.code);
      const otherCodes = hitsOf(await searchRecords(t.db, other, q)).map((h) => h.code);
      expect(otherCodes, q).toContain(theirs.code);
      expect(otherCodes, q).not.toContain(mine.code);
      // the city sees both
      expect(hitsOf(await searchRecords(t.db, city, q)).map((h) => h.code)).toEqual(expect.arrayContaining([mine.code, theirs.code]));
    }
    // the hit links to the record and says where the person matched; nothing of the other county is in the answer
    const [hit] = hitsOf(await searchRecords(t.db, county, "欧阳春花"));
    expect(hit).toMatchObject({ kind: "disputes", href: `/ledgers/disputes/${mine.id}`, match: "当事人：欧阳春花、司马秋实" });
    expect(JSON.stringify(await searchRecords(t.db, county, "欧阳"))).not.toMatch(/七里河|夏雨|冬青/);
  });

  it("finds task assignments by task code, assignment number, title and 责任民警, only in scope", async () => {
    const mine = await makeAssignment(t.db, "620102", { taskCode: "1.1.01" });
    const theirs = await makeAssignment(t.db, "620103", { taskCode: "1.1.01" });
    await t.db.taskAssignment.update({ where: { id: mine.id }, data: { officerName: "诸葛明亮" } });
    await t.db.taskAssignment.update({ where: { id: theirs.id }, data: { officerName: "诸葛暗淡" } });
    const county = await makeUser(t.db, "OFFICER", "620102");
    const tasks = async (q: string) => hitsOf(await searchRecords(t.db, county, q)).filter((h) => h.kind === "tasks").map((h) => h.id);
    expect(await tasks("1.1.01")).toEqual([mine.id]);
    expect(await tasks("诸葛")).toEqual([mine.id]);
    expect(await tasks(`#${mine.id}`)).toEqual([mine.id]);
    expect(await tasks(`#${theirs.id}`)).toEqual([]);
    const title = (await t.db.planTask.findUniqueOrThrow({ where: { id: mine.taskId } })).title;
    expect(await tasks(title.slice(0, 6))).toContain(mine.id);
    expect(await tasks(title.slice(0, 6))).not.toContain(theirs.id);
    // the plan's own task (the same for everyone who reads the plan)
    const plan = hitsOf(await searchRecords(t.db, county, "1.1.01")).filter((h) => h.kind === "plan");
    expect(plan.map((h) => h.href)).toEqual(["/plan/tasks/1.1.01"]);
  });

  it("gives the three administrators nothing, and the suggestion route refuses them", async () => {
    await makeLedgerRecord(t.db, "enterprises", "620102", { name: "兰州管理员不可见材料有限公司" });
    for (const role of ["SYSADMIN", "SECADMIN", "AUDITOR"] as const) {
      const admin = await makeUser(t.db, role, "62");
      expect(await searchRecords(t.db, admin, "管理员不可见")).toEqual([]);
      expect(await searchRecords(t.db, admin, "1.1.01")).toEqual([]);
      const unit = await unitByCode(t.db, "62");
      const res = await executeRoute(searchSuggestRoute, t.db, { ...admin, name: admin.name, unitCode: "62", unitName: unit.name, unitLevel: unit.level }, null, new Request("http://pingan.test/api/search?q=管理员不可见"), {});
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/材料有限公司/);
    }
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const unit = await unitByCode(t.db, "620102");
    const res = await executeRoute(searchSuggestRoute, t.db, { ...officer, name: officer.name, unitCode: "620102", unitName: unit.name, unitLevel: unit.level }, null, new Request(`http://pingan.test/api/search?q=${encodeURIComponent("管理员不可见")}`), {});
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.groups.map((g: { kind: string }) => g.kind)).toEqual(["enterprises"]);
  });

  it("treats % _ and \\ as literal characters, not wildcards", async () => {
    const plain = await makeLedgerRecord(t.db, "problems", "620105", { title: "安宁区普通问题标题" });
    const pct = await makeLedgerRecord(t.db, "problems", "620105", { title: "安宁区完成率100%问题" });
    const under = await makeLedgerRecord(t.db, "problems", "620105", { title: "安宁区a_b问题" });
    const officer = await makeUser(t.db, "OFFICER", "620105");
    const codes = async (q: string) => hitsOf(await searchRecords(t.db, officer, q)).map((h) => h.code);
    expect(await codes("%%")).toEqual([]);
    expect(await codes("__")).toEqual([]);
    expect(await codes("100%")).toEqual([pct.code]);
    expect(await codes("a_b")).toEqual([under.code]);
    expect(await codes("安宁区%问题")).toEqual([]);
    expect(await codes("安宁区")).toEqual(expect.arrayContaining([plain.code, pct.code, under.code]));
    expect(escapeLike("50%_a\\b")).toBe("50\\%\\_a\\\\b");
  });

  it("checks the term: trimmed, 2–60 characters, no control characters", () => {
    expect(parseSearchTerm({ q: "  王某  " })).toEqual({ q: "王某", error: null });
    expect(parseSearchTerm({ q: ["甲乙", "丙丁"] })).toEqual({ q: "甲乙", error: null });
    expect(parseSearchTerm({})).toEqual({ q: "", error: null });
    expect(parseSearchTerm({ q: "王" }).error).toBe("请至少输入 2 个字");
    expect(parseSearchTerm({ q: "字".repeat(61) }).error).toBe("搜索词不能超过 60 个字");
    expect(parseSearchTerm({ q: "王\u0000某" })).toEqual({ q: "", error: "含有不允许的控制字符" });
    expect(parseSearchTerm(new URLSearchParams("q=%E2%80%8B%0B"))).toMatchObject({ error: "含有不允许的控制字符" });
  });

  it("the migration creates exactly the trigram indexes the queries use", async () => {
    const dir = path.resolve("prisma/migrations");
    const sql = fs.readdirSync(dir).filter((d) => d.endsWith("_saved_filters_search")).map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"))[0];
    for (const spec of LEDGER_SEARCH) expect(sql).toContain(searchIndexSql(spec));
    const idx = await t.db.$queryRawUnsafe<{ indexname: string }[]>("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_search_trgm_idx'");
    expect(idx.length).toBe(LEDGER_SEARCH.length);
  });
});
