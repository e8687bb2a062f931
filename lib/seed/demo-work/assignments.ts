// Demo plan execution: 交办 province → 市州 / 警种 → 县区 (嘉峪关: its stations), with responsibility lists,
// 倒排工期 milestones, progress updates with evidence and review histories consistent with each status.
import type { Prisma, ReviewDecision, TaskDepartmentRole } from "@/lib/generated/prisma/client";
import { defaultMilestones } from "@/lib/tasks/actions";
import { pathCodes } from "@/lib/tasks/review-chain";
import { type DemoContext, type Status, type TaskInfo, type UnitInfo, bureauName } from "./context";
import { tinyPdf, tinyPng } from "./files";
import { ACCOUNTABILITY, CLOSE_NOTES, EVIDENCE_NAMES, LEADER_TITLES, PROGRESS_TEMPLATES, RETURN_REASONS, mobile, personName, planText } from "./names";
import { DAY_MS, HOUR_MS, type Rng, addDaysTo, addMs, beijingDay, day, maxDate, minDate, officeTime } from "./random";

/** Rows with local ids (1…n per table); the caller maps them to ids reserved from the tables' sequences. */
export interface AssignmentData {
  assignments: (Prisma.TaskAssignmentCreateManyInput & { id: number })[];
  milestones: Prisma.MilestoneCreateManyInput[];
  updates: (Prisma.ProgressUpdateCreateManyInput & { id: number })[];
  attachments: Prisma.AttachmentCreateManyInput[];
  reviews: Prisma.ReviewRecordCreateManyInput[];
}

interface Gen {
  id: number;
  task: TaskInfo;
  unit: UnitInfo;
  assigner: UnitInfo;
  parent: Gen | null;
  role: TaskDepartmentRole;
  dutyType: "TERRITORIAL" | "DEPARTMENTAL";
  assignedAt: Date;
  score: number;
  status: Status;
}

const WORK_START = day(2023, 4, 1);

export function generateAssignments(rng: Rng, ctx: DemoContext): AssignmentData {
  const out: AssignmentData = { assignments: [], milestones: [], updates: [], attachments: [], reviews: [] };
  if (!ctx.tasks.length) return out;
  const province = ctx.byCode.get("62")!;
  const cities = ctx.units.filter((u) => u.level === "CITY");
  const kids = (u: UnitInfo) => ctx.children.get(u.id) ?? [];
  const subUnits = (city: UnitInfo) => {
    const counties = kids(city).filter((k) => k.level === "COUNTY");
    return counties.length ? counties : kids(city).filter((k) => k.level === "STATION");
  };

  // how well each unit works: cities clearly apart, counties around their city
  const score = new Map<number, number>();
  const spread = rng.shuffle(cities.map((_, i) => -0.85 + (1.75 * i) / Math.max(1, cities.length - 1)));
  cities.forEach((c, i) => {
    score.set(c.id, spread[i]);
    for (const k of subUnits(c)) score.set(k.id, Math.max(-1, Math.min(1, 0.75 * spread[i] + 0.25 * rng.range(-1, 1))));
  });
  for (const u of ctx.units) if (u.level === "DEPARTMENT") score.set(u.id, rng.range(0.1, 0.9));

  // people in charge per unit (a few leaders split the areas; a few officers keep the lists)
  const staff = new Map<number, { leaders: { name: string; title: string }[]; officers: { name: string; phone: string }[] }>();
  const staffOf = (u: UnitInfo) => {
    let s = staff.get(u.id);
    if (!s) {
      const titles = LEADER_TITLES[u.level === "PROVINCE" ? "CITY" : u.level];
      s = {
        leaders: Array.from({ length: rng.int(2, 4) }, () => ({ name: personName(rng), title: rng.pick(titles) })),
        officers: Array.from({ length: rng.int(3, 5) }, () => ({ name: personName(rng), phone: mobile(rng) })),
      };
      staff.set(u.id, s);
    }
    return s;
  };

  const deadlines = ctx.tasks.map((t) => t.deadline.getTime());
  const [dMin, dMax] = [Math.min(...deadlines), Math.max(...deadlines)];
  const drawStatus = (s: number, t: TaskInfo): Status => {
    const pos = dMax > dMin ? (t.deadline.getTime() - dMin) / (dMax - dMin) : 0.5;
    const open = Math.min(0.6, 0.18 * (1 - 0.8 * s) * (0.55 + 0.9 * pos));
    if (!rng.chance(open)) return "CLOSED";
    return rng.weighted<Status>([["IN_PROGRESS", 47], ["RETURNED", 23], ["PENDING_REVIEW", 19], ["NOT_STARTED", 11]]);
  };

  // 交办: province → cities and departments, cities → counties (嘉峪关 → its stations)
  const top: Gen[] = [];
  const sub: Gen[] = [];
  let next = 1;
  for (const task of ctx.tasks) {
    const issued = officeTime(rng, addDaysTo(day(2023, 2, 20), rng.int(0, 10)));
    for (const city of cities) {
      const role: TaskDepartmentRole = rng.chance(0.75) ? "LEAD" : "SUPPORT";
      const cityGen: Gen = { id: 0, task, unit: city, assigner: province, parent: null, role, dutyType: "TERRITORIAL", assignedAt: issued, score: score.get(city.id) ?? 0, status: "CLOSED" };
      top.push(cityGen);
      const passed = officeTime(rng, addDaysTo(beijingDay(issued), rng.int(3, 15)));
      for (const k of subUnits(city))
        sub.push({ id: 0, task, unit: k, assigner: city, parent: cityGen, role, dutyType: "TERRITORIAL", assignedAt: minDate(passed, addDaysTo(task.deadline, -20)), score: score.get(k.id) ?? 0, status: "CLOSED" });
    }
    for (const d of task.departments) {
      const unit = ctx.byId.get(d.unitId);
      if (unit) top.push({ id: 0, task, unit, assigner: province, parent: null, role: d.role, dutyType: "DEPARTMENTAL", assignedAt: issued, score: score.get(unit.id) ?? 0.5, status: "CLOSED" });
    }
  }
  const all = [...top, ...sub];
  for (const g of all) {
    g.id = next++;
    g.status = drawStatus(g.score, g.task);
  }

  // the demo accounts must find work: open tasks in 城关 and 秦州, submissions waiting for 兰州
  const force = (list: Gen[], status: Status, n: number) => {
    let have = list.filter((g) => g.status === status).length;
    for (const g of [...list].sort((a, b) => b.task.deadline.getTime() - a.task.deadline.getTime() || a.id - b.id)) {
      if (have >= n) break;
      if (g.status === "CLOSED") {
        g.status = status;
        have++;
      }
    }
  };
  const ofUnit = (code: string) => sub.filter((g) => g.unit.code === code);
  for (const code of ["620102", "620502"]) {
    force(ofUnit(code), "IN_PROGRESS", 4);
    force(ofUnit(code), "RETURNED", 1);
  }
  force(ofUnit("620102"), "PENDING_REVIEW", 1);
  force(sub.filter((g) => g.assigner.code === "6201"), "PENDING_REVIEW", 3);

  const levels = new Set(ctx.reviewLevels);
  const chainOf = (g: Gen): number[] => {
    const nearest = pathCodes(g.unit.path).slice(0, -1).reverse().map((c) => ctx.byCode.get(c)).filter((u): u is UnitInfo => !!u);
    const closer = nearest.findIndex((u) => u.id === g.assigner.id);
    const between = closer >= 0 ? nearest.slice(0, closer) : nearest;
    return [...between.filter((u) => levels.has(u.level)).map((u) => u.id), g.assigner.id];
  };

  const finalUpdates: { updateId: number; g: Gen; at: Date; by: number | null }[] = [];
  let updateId = 1;
  const nowMinus = (h: number) => addMs(ctx.now, -h * HOUR_MS);

  for (const g of all) {
    const { task, unit } = g;
    const s = g.score;
    const chain = chainOf(g);
    const officer = ctx.officerOf.get(unit.id) ?? null;
    const createdDay = beijingDay(g.assignedAt);
    const startDay = maxDate(WORK_START, addDaysTo(createdDay, rng.int(3, 20)));
    const reviews: Prisma.ReviewRecordCreateManyInput[] = [];
    const review = (decision: ReviewDecision, unitId: number, fromStatus: Status, toStatus: Status, at: Date, reason: string | null = null) =>
      reviews.push({ assignmentId: g.id, decision, unitId, userId: decision === "SUBMIT" ? officer : (ctx.reviewerOf.get(unitId) ?? null), reason, fromStatus, toStatus, at });
    const later = (t: Date, a: number, b: number) => officeTime(rng, addDaysTo(beijingDay(t), rng.int(a, b)));

    let progress = 0;
    let firstSubmit: Date | null = null;
    let lastSubmit: Date | null = null;
    let closedAt: Date | null = null;
    let lastReason: string | null = null;
    let reviewUnitId: number | null = null;
    let resubmitAfterReturn: Date | null = null;
    let workEnd: Date;

    if (g.status === "CLOSED") {
      const early = rng.chance(0.72 + 0.2 * s);
      let finish = addDaysTo(task.deadline, early ? -rng.int(0, 80) : rng.int(1, 45));
      finish = maxDate(finish, addDaysTo(startDay, 25));
      finish = minDate(finish, addDaysTo(ctx.today, -60));
      firstSubmit = officeTime(rng, finish);
      lastSubmit = firstSubmit;
      review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", firstSubmit);
      if (rng.chance(0.14 - 0.06 * s)) {
        const back = later(firstSubmit, 1, 7);
        review("RETURN", chain[0], "PENDING_REVIEW", "RETURNED", back, rng.pick(RETURN_REASONS));
        lastSubmit = later(back, 2, 20);
        resubmitAfterReturn = lastSubmit;
        review("SUBMIT", unit.id, "RETURNED", "PENDING_REVIEW", lastSubmit);
      }
      let t = lastSubmit;
      chain.forEach((reviewer, i) => {
        t = later(t, 1, 8);
        const last = i === chain.length - 1;
        review(last ? "CLOSE" : "ACCEPT", reviewer, "PENDING_REVIEW", last ? "CLOSED" : "PENDING_REVIEW", t, last ? rng.pick(CLOSE_NOTES) : null);
      });
      closedAt = minDate(t, nowMinus(rng.int(1, 48)));
      progress = 100;
      workEnd = firstSubmit;
    } else if (g.status === "PENDING_REVIEW") {
      lastSubmit = minDate(officeTime(rng, addDaysTo(ctx.today, -rng.int(1, 25))), nowMinus(2));
      firstSubmit = lastSubmit;
      if (rng.chance(0.25)) {
        firstSubmit = officeTime(rng, addDaysTo(beijingDay(lastSubmit), -rng.int(15, 60)));
        review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", firstSubmit);
        lastReason = rng.pick(RETURN_REASONS);
        review("RETURN", chain[0], "PENDING_REVIEW", "RETURNED", later(firstSubmit, 1, 6), lastReason);
        resubmitAfterReturn = lastSubmit;
        review("SUBMIT", unit.id, "RETURNED", "PENDING_REVIEW", lastSubmit);
      } else review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", lastSubmit);
      reviewUnitId = chain[0];
      progress = 100;
      workEnd = firstSubmit;
    } else if (g.status === "RETURNED") {
      const back = minDate(officeTime(rng, addDaysTo(ctx.today, -rng.int(3, 90))), nowMinus(3));
      lastSubmit = officeTime(rng, addDaysTo(beijingDay(back), -rng.int(1, 8)));
      firstSubmit = lastSubmit;
      if (rng.chance(0.2)) {
        firstSubmit = officeTime(rng, addDaysTo(beijingDay(lastSubmit), -rng.int(20, 60)));
        review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", firstSubmit);
        review("RETURN", chain[0], "PENDING_REVIEW", "RETURNED", later(firstSubmit, 1, 6), rng.pick(RETURN_REASONS));
        resubmitAfterReturn = lastSubmit;
        review("SUBMIT", unit.id, "RETURNED", "PENDING_REVIEW", lastSubmit);
      } else review("SUBMIT", unit.id, "IN_PROGRESS", "PENDING_REVIEW", lastSubmit);
      lastReason = rng.pick(RETURN_REASONS);
      if (chain.length > 1 && rng.chance(0.3)) {
        review("ACCEPT", chain[0], "PENDING_REVIEW", "PENDING_REVIEW", new Date((lastSubmit.getTime() + back.getTime()) / 2));
        review("RETURN", chain[1], "PENDING_REVIEW", "RETURNED", back, lastReason);
      } else review("RETURN", chain[0], "PENDING_REVIEW", "RETURNED", back, lastReason);
      progress = 100;
      workEnd = firstSubmit;
    } else if (g.status === "IN_PROGRESS") {
      progress = 5 * rng.int(8, 18);
      workEnd = maxDate(officeTime(rng, addDaysTo(ctx.today, -rng.int(3, 120))), officeTime(rng, addDaysTo(startDay, 40)));
      workEnd = minDate(workEnd, nowMinus(1));
    } else {
      workEnd = g.assignedAt;
    }

    // progress updates: rising to the final percent
    let lastUpdateAt = g.assignedAt;
    let nUpdates = 0;
    if (g.status !== "NOT_STARTED") {
      const k = rng.int(2, 5);
      const submitting = g.status !== "IN_PROGRESS";
      const finalAt = submitting ? addMs(workEnd, -rng.int(2, 30) * HOUR_MS) : workEnd;
      // earlier reports on days before the final one
      const span = Math.round((beijingDay(finalAt).getTime() - startDay.getTime()) / DAY_MS);
      const offsets = Array.from({ length: k - 1 }, () => rng.int(0, Math.max(0, span - 1))).sort((a, b) => a - b);
      const percents = Array.from({ length: k - 1 }, () => 5 * rng.int(1, Math.max(1, Math.floor((progress - 5) / 5)))).sort((a, b) => a - b);
      const times = offsets.map((o, i) => minDate(officeTime(rng, addDaysTo(startDay, o)), addMs(finalAt, -(k - 1 - i) * HOUR_MS))).sort((a, b) => a.getTime() - b.getTime());
      times.push(finalAt);
      percents.push(progress);
      const templates = rng.sample(PROGRESS_TEMPLATES.slice(2, 17), k);
      times.forEach((at, i) => {
        const content = i === 0 ? PROGRESS_TEMPLATES[rng.int(0, 1)](rng) : submitting && i === k - 1 ? PROGRESS_TEMPLATES[rng.pick([7, 17, 18])](rng) : templates[i](rng);
        const id = updateId++;
        nUpdates++;
        out.updates.push({ id, assignmentId: g.id, unitPath: unit.path, percent: Math.max(percents[i], i ? percents[i - 1] : 0), content, createdById: officer, createdAt: at });
        if (submitting && i === k - 1) finalUpdates.push({ updateId: id, g, at, by: officer });
        lastUpdateAt = maxDate(lastUpdateAt, at);
      });
      if (resubmitAfterReturn) {
        const at = addMs(resubmitAfterReturn, -rng.int(2, 20) * HOUR_MS);
        const id = updateId++;
        nUpdates++;
        out.updates.push({ id, assignmentId: g.id, unitPath: unit.path, percent: 100, content: "根据审核意见，补充完善佐证材料，重新提交审核。", createdById: officer, createdAt: at });
        finalUpdates.push({ updateId: id, g, at, by: officer });
      }
    }

    // 倒排工期 milestones, done as far as the work has gone
    const doneCount = g.status === "NOT_STARTED" ? 0 : g.status === "IN_PROGRESS" ? (progress >= 80 ? 3 : progress >= 50 ? 2 : 1) : 4;
    const ms = defaultMilestones(task.deadline, createdDay);
    let prevDone = g.assignedAt;
    ms.forEach((m, i) => {
      let doneAt: Date | null = null;
      if (i < doneCount) {
        if (i === 3) doneAt = addMs(firstSubmit ?? workEnd, -rng.int(1, 6) * HOUR_MS);
        else doneAt = minDate(officeTime(rng, addDaysTo(m.dueDate, rng.int(-15, 10))), addMs(workEnd, -(3 - i) * 24 * HOUR_MS));
        doneAt = maxDate(doneAt, addMs(prevDone, HOUR_MS));
        prevDone = doneAt;
      }
      out.milestones.push({ assignmentId: g.id, seq: i + 1, title: m.title, dueDate: m.dueDate, doneAt });
    });

    out.reviews.push(...reviews);
    const st = staffOf(unit);
    const leader = st.leaders[Number(task.code.split(".")[0]) % st.leaders.length];
    const officerRow = rng.pick(st.officers);
    const filled = g.status === "NOT_STARTED" ? rng.chance(0.4) : rng.chance(0.93);
    const lastEvent = [g.assignedAt, lastUpdateAt, ...reviews.map((r) => r.at as Date)].reduce((a, b) => maxDate(a, b));
    out.assignments.push({
      id: g.id,
      taskId: task.id,
      unitId: unit.id,
      unitPath: unit.path,
      role: g.role,
      parentId: g.parent?.id ?? null,
      assignedById: g.assigner.id,
      dutyType: g.dutyType,
      leaderName: filled ? leader.name : null,
      leaderTitle: filled ? leader.title : null,
      officerName: filled ? officerRow.name : null,
      officerPhone: filled ? officerRow.phone : null,
      accountability: filled && rng.chance(0.5) ? rng.pick(ACCOUNTABILITY) : null,
      deadline: task.deadline,
      planText:
        filled && rng.chance(0.4)
          ? planText(rng, { unit: bureauName(ctx, unit), leader: `${leader.title}${leader.name}`, target: task.target, start: fmtDay(createdDay), deadline: fmtDay(task.deadline) })
          : null,
      status: g.status,
      progress,
      reviewUnitId,
      submittedAt: lastSubmit,
      closedAt,
      lastReason,
      version: 1 + (filled ? 1 : 0) + nUpdates + reviews.length,
      createdAt: g.assignedAt,
      updatedAt: lastEvent,
    });
  }

  // evidence: about 200 files, most on the demo units' final reports
  const demoUnits = new Set(["620102", "620502"]);
  const picked = [
    ...finalUpdates.filter((f) => demoUnits.has(f.g.unit.code) && rng.chance(0.6)),
    ...rng.sample(finalUpdates.filter((f) => !demoUnits.has(f.g.unit.code)), 200),
  ].slice(0, 200);
  picked.forEach((f, i) => {
    const photo = rng.chance(0.25);
    const name = photo ? rng.pick(["现场检查照片", "宣传活动照片", "培训现场照片"]) : rng.pick(EVIDENCE_NAMES.filter((n) => !n.endsWith("照片")));
    const file = photo ? tinyPng(i + 1) : tinyPdf(`${f.g.unit.code} ${f.g.task.code} evidence ${fmtDay(beijingDay(f.at))} no.${i + 1}`);
    out.attachments.push({
      unitPath: f.g.unit.path,
      progressUpdateId: f.updateId,
      filename: `${f.g.task.code} ${name}.${file.ext}`,
      mime: file.mime,
      size: file.size,
      sha256: file.sha256,
      data: file.data,
      uploadedById: f.by,
      createdAt: f.at,
    });
  });
  return out;
}

const fmtDay = (d: Date) => {
  const s = d.toISOString();
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};
