// The task list opens where the work is: open work only, most urgent first (overdue — the most overdue first — then
// the nearest deadline), closed work a filter away and then after all the open; page numbers and 20/50/100 rows per
// page; the remembered filter is this user's only and never carries a unit.
import { describe, expect, it } from "vitest";
import { decodeTaskFilter, encodeTaskFilter } from "@/lib/tasks/list-memory";
import { listAssignments, parseTaskParams, taskFilterQuery } from "@/lib/tasks/queries";
import { shanghaiToday } from "@/lib/time";
import { setupTestDatabase } from "./helpers/db";
import { unitByCode } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

const UNIT = "620104";
const NOW = new Date("2026-12-04T04:00:00Z"); // 12:00 in Beijing
const DAY = 86_400_000;
const day = (offset: number) => new Date(shanghaiToday(NOW).getTime() + offset * DAY);

type Status = "NOT_STARTED" | "IN_PROGRESS" | "PENDING_REVIEW" | "RETURNED" | "CLOSED";

describe("the task list's default view", () => {
  it("open work only, overdue first then the nearest deadline; closed work after all the open under 全部; 20/50/100 per page", async () => {
    const scope = scopeFor((await unitByCode(t.db, UNIT)).path);
    // 40 open assignments with deadlines from 15 days ago to 24 days ahead, 12 closed ones with early deadlines (which
    // a plain deadline order would put first), created in a shuffled order so that the id order proves nothing
    const made: { id: number; deadline: Date; status: Status }[] = [];
    const plan: { offset: number; status: Status }[] = [];
    for (let i = 0; i < 40; i++) plan.push({ offset: ((i * 17) % 40) - 15, status: (["NOT_STARTED", "IN_PROGRESS", "PENDING_REVIEW", "RETURNED"] as const)[i % 4] });
    for (let i = 0; i < 12; i++) plan.push({ offset: -60 + i, status: "CLOSED" });
    for (const p of plan) {
      const a = await makeAssignment(t.db, UNIT, { status: p.status, deadline: day(p.offset) });
      made.push({ id: a.id, deadline: a.deadline, status: p.status });
    }
    const open = made.filter((m) => m.status !== "CLOSED").sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.id - b.id);
    const closed = made.filter((m) => m.status === "CLOSED").sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.id - b.id);

    // the default: no parameters at all
    const p = parseTaskParams({});
    expect(p).toMatchObject({ status: "open", size: 20, page: 1 });
    const first = await listAssignments(t.db, scope, p, NOW);
    expect(first.total).toBe(40);
    expect(first.pageCount).toBe(2);
    expect(first.rows.map((r) => r.id)).toEqual(open.slice(0, 20).map((m) => m.id));
    expect(first.rows.some((r) => r.status === "CLOSED")).toBe(false);
    // overdue first (15 of them: 15 … 1 days late), the most overdue at the top, then today and the days ahead
    const overdue = first.rows.filter((r) => r.overdue);
    expect(overdue).toHaveLength(15);
    expect(first.rows.slice(0, 15).every((r) => r.overdue)).toBe(true);
    expect(first.rows[0].deadline).toEqual(day(-15));
    expect(first.rows[15].deadline).toEqual(day(0));
    const second = await listAssignments(t.db, scope, parseTaskParams({ page: "2" }), NOW);
    expect(second.rows.map((r) => r.id)).toEqual(open.slice(20, 40).map((m) => m.id));

    // page sizes: 50 and 100 take everything open on one page; an unknown size is the default
    for (const size of ["50", "100"]) {
      const r = await listAssignments(t.db, scope, parseTaskParams({ size }), NOW);
      expect(r.pageCount).toBe(1);
      expect(r.rows).toHaveLength(40);
    }
    expect(parseTaskParams({ size: "7" }).size).toBe(20);
    expect(parseTaskParams({ size: "1000" }).size).toBe(20);

    // 全部: the open ones first (in the same order), then the closed — across the page boundary too
    const all = [...open, ...closed].map((m) => m.id);
    const pages: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await listAssignments(t.db, scope, parseTaskParams({ status: "all", page: String(page) }), NOW);
      expect(r.total).toBe(52);
      expect(r.pageCount).toBe(3);
      pages.push(...r.rows.map((x) => x.id));
    }
    expect(pages).toEqual(all);
    const big = await listAssignments(t.db, scope, parseTaskParams({ status: "all", size: "50" }), NOW);
    expect(big.rows.map((r) => r.id)).toEqual(all.slice(0, 50));
    // one status, as asked
    const closedOnly = await listAssignments(t.db, scope, parseTaskParams({ status: "CLOSED" }), NOW);
    expect(closedOnly.rows.map((r) => r.id)).toEqual(closed.map((m) => m.id));
    // beyond the last page: nothing, not an error
    expect((await listAssignments(t.db, scope, parseTaskParams({ page: "9" }), NOW)).rows).toEqual([]);
  });
});

describe("the remembered filter", () => {
  it("keeps the filter without defaults, page or unit, and only for the user who chose it", () => {
    const q = taskFilterQuery(parseTaskParams({ rag: "red", status: "open", page: "3", size: "50", unit: "620102", q: "治安" }));
    expect(q).toBe("q=%E6%B2%BB%E5%AE%89&rag=red&size=50");
    expect(taskFilterQuery(parseTaskParams({}))).toBe("");
    expect(taskFilterQuery(parseTaskParams({ status: "all" }))).toBe("status=all");
    const cookie = encodeTaskFilter(17, q);
    expect(decodeTaskFilter(cookie, 17)).toBe(q);
    expect(decodeTaskFilter(cookie, 18)).toBeNull();
    expect(decodeTaskFilter(undefined, 17)).toBeNull();
    expect(decodeTaskFilter("%E0%A4%A", 17)).toBeNull();
    expect(decodeTaskFilter(encodeURIComponent("17"), 17)).toBeNull();
    // whatever the cookie says is parsed again: a unit or a junk value in it does not survive
    expect(taskFilterQuery(parseTaskParams(new URLSearchParams(decodeTaskFilter(encodeTaskFilter(17, "unit=62&status=bogus&rag=red"), 17)!)))).toBe("rag=red");
  });
});
