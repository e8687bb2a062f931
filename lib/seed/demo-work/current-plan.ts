// Demo work of the current plan (2026年主动创稳工作要点, lib/seed/data/plan-2026.json): everything is placed
// relative to the seed's "today" (ctx.today, Beijing), so the demo stays current whenever it is seeded — some work
// overdue, some due within 7 days, milestones coming up, submissions waiting at each level of the review chain,
// returns with the reviewer's reason, closed work. Most tasks go province → 市州 → 县区 (嘉峪关: its stations);
// some the province hands to the 县区 directly (reviewed by the 市州, closed by the province); the lead
// departments have their own. The demo units (城关, 秦州) get every kind of work in a fixed order.
import type { Prisma, ReviewDecision, TaskDepartmentRole } from "@/lib/generated/prisma/client";
import { defaultMilestones } from "@/lib/tasks/actions";
import { pathCodes } from "@/lib/tasks/review-chain";
import type { AssignmentData } from "./assignments";
import { type DemoContext, type Status, type TaskInfo, type UnitInfo, bureauName } from "./context";
import { ACCOUNTABILITY, CLOSE_NOTES, LEADER_TITLES, PROGRESS_TEMPLATES, RETURN_REASONS, mobile, personName, planText } from "./names";
import { HOUR_MS, type Rng, addDaysTo, addMs, beijingDay, day, maxDate, minDate, officeTime } from "./random";

type Kind = "closed" | "overdue" | "soon" | "pending" | "returned" | "progress" | "new";

/** the demo units' work, in this order over their tasks: every kind at least once */
const DEMO_ORDER: Kind[] = ["overdue", "soon", "returned", "pending", "closed", "soon", "overdue", "progress", "closed", "pending", "progress", "new", "returned", "closed"];
const DEMO_UNITS = new Set(["620102", "620502"]);

interface Plan {
  unit: UnitInfo;
  assigner: UnitInfo;
  parent: Plan | null;
  task: TaskInfo;
  role: TaskDepartmentRole;
  dutyType: "TERRITORIAL" | "DEPARTMENTAL";
  kind: Kind;
  id: number;
  children: Plan[];
}

export function generateCurrentWork(rng: Rng, ctx: DemoContext, taken: Set<string>, planYear: number): AssignmentData {
  const out: AssignmentData = { assignments: [], milestones: [], updates: [], attachments: [], reviews: [] };
  if (!ctx.tasks.length) return out;
  const { today, now } = ctx;
  const province = ctx.byCode.get("62")!;
  const cities = ctx.units.filter((u) => u.level === "CITY");
  const kids = (u: UnitInfo) => ctx.children.get(u.id) ?? [];
  const subUnits = (city: UnitInfo) => {
    const counties = kids(city).filter((k) => k.level === "COUNTY");
    return counties.length ? counties : kids(city).filter((k) => k.level === "STATION");
  };
  const nowMinus = (h: number) => addMs(now, -h * HOUR_MS);
  const issuedDay = minDate(addDaysTo(day(planYear, 1, 12), rng.int(0, 6)), addDaysTo(today, -45));
  const has = (task: TaskInfo, unit: UnitInfo) => taken.has(`${task.id}|${unit.id}`);

  const drawKind = (task: TaskInfo, unit: UnitInfo, demoIndex: number | null): Kind => {
    if (task.deadline < today) return rng.chance(0.8) ? "closed" : "overdue";
    if (demoIndex !== null && demoIndex < DEMO_ORDER.length) return DEMO_ORDER[demoIndex];
    return rng.weighted<Kind>([["closed", 26], ["overdue", 10], ["soon", 14], ["pending", 12], ["returned", 8], ["progress", 22], ["new", 8]]);
  };

  // who does what: the demo units count their tasks to follow DEMO_ORDER
  const demoSeen = new Map<string, number>();
  const demoIndex = (u: UnitInfo) => {
    if (!DEMO_UNITS.has(u.code)) return null;
    const i = demoSeen.get(u.code) ?? 0;
    demoSeen.set(u.code, i + 1);
    return i;
  };
  const plans: Plan[] = [];
  const push = (p: Omit<Plan, "id" | "children">) => {
    const full = { ...p, id: 0, children: [] };
    plans.push(full);
    p.parent?.children.push(full);
    return full;
  };
  ctx.tasks.forEach((task, ti) => {
    const direct = ti % 4 === 1; // handed by the province to the 县区 directly
    for (const city of cities) {
      const role: TaskDepartmentRole = rng.chance(0.8) ? "LEAD" : "SUPPORT";
      if (direct) {
        for (const k of subUnits(city)) if (!has(task, k)) push({ unit: k, assigner: province, parent: null, task, role, dutyType: "TERRITORIAL", kind: drawKind(task, k, demoIndex(k)) });
        continue;
      }
      const cityPlan = has(task, city) ? null : push({ unit: city, assigner: province, parent: null, task, role, dutyType: "TERRITORIAL", kind: "progress" });
      if (!cityPlan) continue;
      for (const k of subUnits(city)) if (!has(task, k)) push({ unit: k, assigner: city, parent: cityPlan, task, role, dutyType: "TERRITORIAL", kind: drawKind(task, k, demoIndex(k)) });
    }
    for (const d of task.departments.filter((x) => x.role === "LEAD")) {
      const unit = ctx.byId.get(d.unitId);
      if (unit && !has(task, unit)) push({ unit, assigner: province, parent: null, task, role: "LEAD", dutyType: "DEPARTMENTAL", kind: drawKind(task, unit, null) });
    }
  });
  // a city's own assignment follows its counties: closed work is submitted or closed once all of them are
  for (const p of plans)
    if (p.children.length) {
      const allClosed = p.children.every((c) => c.kind === "closed");
      p.kind = p.task.deadline < today ? (allClosed ? "closed" : "overdue") : allClosed ? (rng.chance(0.5) ? "pending" : "closed") : "progress";
    }
  // every county-level unit has open work of the current plan
  const openOf = new Map<number, number>();
  for (const p of plans) if (p.kind !== "closed") openOf.set(p.unit.id, (openOf.get(p.unit.id) ?? 0) + 1);
  for (const p of plans) if (!p.children.length && !openOf.get(p.unit.id) && p.task.deadline >= today) {
    p.kind = "progress";
    openOf.set(p.unit.id, 1);
  }
  plans.forEach((p, i) => (p.id = i + 1));

  const levels = new Set(ctx.reviewLevels);
  const chainOf = (p: Plan): number[] => {
    const nearest = pathCodes(p.unit.path).slice(0, -1).reverse().map((c) => ctx.byCode.get(c)).filter((u): u is UnitInfo => !!u);
    const closer = nearest.findIndex((u) => u.id === p.assigner.id);
    const between = closer >= 0 ? nearest.slice(0, closer) : nearest;
    return [...between.filter((u) => levels.has(u.level)).map((u) => u.id), p.assigner.id];
  };
  const staff = new Map<number, { leader: { name: string; title: string }; officer: { name: string; phone: string } }>();
  const staffOf = (u: UnitInfo) => {
    let s = staff.get(u.id);
    if (!s) {
      s = { leader: { name: personName(rng), title: rng.pick(LEADER_TITLES[u.level === "PROVINCE" ? "CITY" : u.level]) }, officer: { name: personName(rng), phone: mobile(rng) } };
      staff.set(u.id, s);
    }
    return s;
  };
  let updateId = 1;

  for (const p of plans) {
    const { unit, task } = p;
    const chain = chainOf(p);
    const officer = ctx.officerOf.get(unit.id) ?? null;
    const createdAt = officeTime(rng, p.parent ? addDaysTo(issuedDay, rng.int(2, 8)) : issuedDay);
    const created = beijingDay(createdAt);
    const floor = addDaysTo(created, 25);
    const dl = (d: Date) => minDate(task.deadline, maxDate(d, floor));
    let deadline: Date;
    let status: Status;
    let progress: number;
    switch (p.kind) {
      case "closed":
        deadline = dl(p.children.length ? task.deadline : addDaysTo(today, -rng.int(5, 150)));
        status = "CLOSED";
        progress = 100;
        break;
      case "overdue":
        deadline = dl(addDaysTo(today, -rng.int(1, 40)));
        status = rng.chance(0.8) ? "IN_PROGRESS" : "NOT_STARTED";
        progress = status === "IN_PROGRESS" ? 5 * rng.int(6, 16) : 0;
        break;
      case "soon":
        deadline = dl(addDaysTo(today, rng.int(0, 7)));
        status = "IN_PROGRESS";
        progress = 5 * rng.int(8, 18);
        break;
      case "pending":
        deadline = dl(p.children.length ? task.deadline : addDaysTo(today, rng.int(5, 25)));
        status = "PENDING_REVIEW";
        progress = 100;
        break;
      case "returned":
        deadline = dl(addDaysTo(today, rng.int(2, 20)));
        status = "RETURNED";
        progress = 100;
        break;
      case "progress":
        deadline = p.children.length ? task.deadline : dl(rng.chance(0.5) ? task.deadline : addDaysTo(today, rng.int(15, 60)));
        status = "IN_PROGRESS";
        progress = p.children.length ? 5 * Math.round(p.children.reduce((n, c) => n + (c.kind === "closed" ? 100 : 60), 0) / p.children.length / 5) : 5 * rng.int(4, 14);
        break;
      default:
        deadline = task.deadline;
        status = "NOT_STARTED";
        progress = 0;
    }
    if (p.parent) deadline = minDate(deadline, task.deadline);

    // reviews
    const reviews: Prisma.ReviewRecordCreateManyInput[] = [];
    const review = (decision: ReviewDecision, unitId: number, fromStatus: Status, toStatus: Status, at: Date, reason: string | null = null) =>
      reviews.push({ assignmentId: p.id, decision, unitId, userId: decision === "SUBMIT" ? officer : (ctx.reviewerOf.get(unitId) ?? null), reason, fromStatus, toStatus, at });
    let submittedAt: Date | null = null;
    let closedAt: Date | null = null;
    let reviewUnitId: number | null = null;
    let lastReason: string | null = null;
    if (status === "CLOSED") {
      submittedAt = minDate(officeTime(rng, addDaysTo(deadline, -rng.int(1, 20))), nowMinus(24 * (chain.length + 2)));
      submittedAt = maxDate(submittedAt, addMs(createdAt, 5 * 24 * HOUR_MS));
      review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", submittedAt);
      let t = submittedAt;
      chain.forEach((reviewer, i) => {
        t = minDate(addMs(t, rng.int(4, 72) * HOUR_MS), nowMinus(2 + chain.length - i));
        const last = i === chain.length - 1;
        review(last ? "CLOSE" : "ACCEPT", reviewer, "PENDING_REVIEW", last ? "CLOSED" : "PENDING_REVIEW", t, last ? rng.pick(CLOSE_NOTES) : null);
      });
      closedAt = t;
    } else if (status === "PENDING_REVIEW") {
      submittedAt = maxDate(minDate(officeTime(rng, addDaysTo(today, -rng.int(1, 9))), nowMinus(6)), addMs(createdAt, 24 * HOUR_MS));
      review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", submittedAt);
      // further up the chain: the first reviewer has passed it on
      if (chain.length > 1 && rng.chance(0.45)) {
        review("ACCEPT", chain[0], "PENDING_REVIEW", "PENDING_REVIEW", minDate(addMs(submittedAt, rng.int(2, 30) * HOUR_MS), nowMinus(1)));
        reviewUnitId = chain[1];
      } else reviewUnitId = chain[0];
    } else if (status === "RETURNED") {
      submittedAt = maxDate(minDate(officeTime(rng, addDaysTo(today, -rng.int(3, 20))), nowMinus(30)), addMs(createdAt, 24 * HOUR_MS));
      review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", submittedAt);
      lastReason = rng.pick(RETURN_REASONS);
      const back = minDate(addMs(submittedAt, rng.int(3, 48) * HOUR_MS), nowMinus(2));
      if (chain.length > 1 && rng.chance(0.3)) {
        review("ACCEPT", chain[0], "PENDING_REVIEW", "PENDING_REVIEW", new Date((submittedAt.getTime() + back.getTime()) / 2));
        review("RETURN", chain[1], "PENDING_REVIEW", "RETURNED", back, lastReason);
      } else review("RETURN", chain[0], "PENDING_REVIEW", "RETURNED", back, lastReason);
    }

    // progress updates rising to the current percent, before the submission (or now)
    const workEnd = submittedAt ? addMs(submittedAt, -rng.int(1, 6) * HOUR_MS) : minDate(officeTime(rng, addDaysTo(today, -rng.int(1, 12))), nowMinus(1));
    let lastAt = createdAt;
    let nUpdates = 0;
    if (status !== "NOT_STARTED") {
      const k = rng.int(1, 3);
      for (let i = 0; i < k; i++) {
        const at = i === k - 1 ? maxDate(workEnd, addMs(createdAt, HOUR_MS)) : maxDate(addMs(createdAt, HOUR_MS), minDate(officeTime(rng, addDaysTo(created, rng.int(5, 60) + 20 * i)), addMs(workEnd, -(k - i) * HOUR_MS)));
        const percent = i === k - 1 ? progress : Math.max(5, 5 * Math.floor((progress * (i + 1)) / k / 5));
        const content = i === 0 ? PROGRESS_TEMPLATES[rng.int(0, 1)](rng) : PROGRESS_TEMPLATES[rng.int(2, 16)](rng);
        out.updates.push({ id: updateId++, assignmentId: p.id, unitPath: unit.path, percent, content, createdById: officer, createdAt: at });
        nUpdates++;
        lastAt = maxDate(lastAt, at);
      }
    }

    // 倒排工期: done as far as the work has gone; the demo units have a node coming up within the week
    const ms = defaultMilestones(deadline, created);
    const doneCount = status === "NOT_STARTED" ? 0 : status === "IN_PROGRESS" ? (progress >= 80 ? 3 : progress >= 50 ? 2 : 1) : 4;
    if (DEMO_UNITS.has(unit.code) && status === "IN_PROGRESS" && doneCount < 3) {
      const soon = addDaysTo(today, rng.int(2, 6));
      if (soon < deadline && soon > ms[doneCount].dueDate) ms[doneCount] = { ...ms[doneCount], dueDate: soon };
    }
    let prevDone = createdAt;
    ms.forEach((m, i) => {
      let doneAt: Date | null = null;
      if (i < doneCount) {
        doneAt = maxDate(minDate(officeTime(rng, m.dueDate), addMs(workEnd, -(4 - i) * HOUR_MS)), addMs(prevDone, HOUR_MS));
        prevDone = doneAt;
      }
      out.milestones.push({ assignmentId: p.id, seq: i + 1, title: m.title, dueDate: m.dueDate, doneAt });
    });

    out.reviews.push(...reviews);
    const s = staffOf(unit);
    const lastEvent = [lastAt, ...reviews.map((r) => r.at as Date)].reduce((a, b) => maxDate(a, b));
    out.assignments.push({
      id: p.id,
      taskId: task.id,
      unitId: unit.id,
      unitPath: unit.path,
      role: p.role,
      parentId: p.parent?.id ?? null,
      assignedById: p.assigner.id,
      dutyType: p.dutyType,
      leaderName: s.leader.name,
      leaderTitle: s.leader.title,
      officerName: s.officer.name,
      officerPhone: s.officer.phone,
      accountability: rng.chance(0.5) ? rng.pick(ACCOUNTABILITY) : null,
      deadline,
      planText: rng.chance(0.4) ? planText(rng, { unit: bureauName(ctx, unit), leader: `${s.leader.title}${s.leader.name}`, target: task.target, start: cn(created), deadline: cn(deadline) }) : null,
      status,
      progress,
      reviewUnitId,
      submittedAt,
      closedAt,
      lastReason,
      version: 2 + nUpdates + reviews.length,
      createdAt,
      updatedAt: lastEvent,
    });
  }
  return out;
}

const cn = (d: Date) => {
  const s = d.toISOString();
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};
