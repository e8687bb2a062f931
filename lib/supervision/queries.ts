// Reading 督办单: the list (received by the viewer's subtree and issued by the viewer's unit — both inside the
// viewer's scope, since a 督办单 only ever goes to a unit below its issuer), one 督办单 with its steps, and what the
// 「下发督办」 form needs. The db-first functions are shared with the export and the tests; pages call the page-facing
// ones (supervisionPage, supervisionDetail, newSupervisionForm, openSupervisionsOf).
import "server-only";
import { z } from "zod";
import { denyPage } from "@/lib/auth/session";
import { getDb, getReadDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type Scope, contains, narrowScope, recordsIn, unitsIn, userScope } from "@/lib/auth/scope";
import { type RawQuery, parseQuery, qEnum, qPage, qText } from "@/lib/http/query";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { delegate } from "@/lib/ledgers/write";
import { shanghaiToday } from "@/lib/time";
import { SUPERVISION_LEVELS, SUPERVISION_STATUSES, isBelow, isSupervisionOverdue, overdueDays } from "./rules";

export const SUPERVISION_PAGE_SIZE = 20;

export interface SupervisionListParams {
  q: string;
  /** "open" (default): in progress; "all"; or one status */
  status: string;
  level: string;
  /** "1": overdue only */
  overdue: string;
  /** "received": to my unit's subtree; "issued": by my unit; "": both */
  box: string;
  page: number;
}

/** The 督办 list's query: unknown values are ignored. */
export const ZSupervisionQuery = z.object({
  q: qText(100),
  status: qEnum(["open", "all", ...SUPERVISION_STATUSES]),
  level: qEnum(SUPERVISION_LEVELS),
  overdue: qEnum(["1"]),
  box: qEnum(["received", "issued"]),
  page: qPage,
});

export function parseSupervisionParams(sp: RawQuery): SupervisionListParams {
  const p = parseQuery(ZSupervisionQuery, sp);
  return { q: p.q, status: p.status ?? "open", level: p.level ?? "", overdue: p.overdue ?? "", box: p.box ?? "", page: p.page };
}

/** The where of the list (the page and the export use the same); the scope is the viewer's. */
export function supervisionWhere(scope: Scope, viewer: { unitId: number }, p: SupervisionListParams, now = new Date()): Prisma.SupervisionWhereInput {
  const today = shanghaiToday(now);
  return {
    AND: [
      recordsIn(scope),
      p.status === "open" ? { status: { notIn: ["ACCEPTED", "CANCELLED"] } } : p.status && p.status !== "all" ? { status: p.status as never } : {},
      p.level ? { level: p.level as never } : {},
      p.overdue ? { status: { in: ["OPEN", "RETURNED"] }, replyDue: { lt: today } } : {},
      p.box === "issued" ? { issuerUnitId: viewer.unitId } : p.box === "received" ? { NOT: { issuerUnitId: viewer.unitId } } : {},
      p.q ? { OR: [{ code: { startsWith: p.q.toUpperCase() } }, { subject: { contains: p.q } }] } : {},
    ],
  };
}

/** Nearest reply day first (the most overdue at the top), then the newest. */
export const SUPERVISION_ORDER: Prisma.SupervisionOrderByWithRelationInput[] = [{ replyDue: "asc" }, { id: "desc" }];

const LIST_SELECT = {
  id: true,
  code: true,
  level: true,
  status: true,
  subject: true,
  replyDue: true,
  createdAt: true,
  targetKind: true,
  unitId: true,
  issuerUnitId: true,
  issuerPath: true,
} satisfies Prisma.SupervisionSelect;

export type SupervisionRow = Prisma.SupervisionGetPayload<{ select: typeof LIST_SELECT }> & {
  unitName: string;
  issuerName: string;
  overdueDays: number;
  /** an overdue 督办 issued by a unit below the viewer's: the issuer's superior must see it (red and words) */
  flagged: boolean;
};

export function decorate<T extends { status: string; replyDue: Date; issuerPath: string }>(r: T, viewer: { unitPath: string }, now: Date): T & { overdueDays: number; flagged: boolean } {
  const overdue = isSupervisionOverdue(r, now);
  return { ...r, overdueDays: overdueDays(r, now), flagged: overdue && isBelow(userScope(viewer), r.issuerPath) };
}

export async function listSupervisions(db: Db, scope: Scope, viewer: { unitId: number; unitPath: string }, p: SupervisionListParams, now = new Date()) {
  const where = supervisionWhere(scope, viewer, p, now);
  const [total, rows] = await Promise.all([
    db.supervision.count({ where }),
    db.supervision.findMany({ where, orderBy: SUPERVISION_ORDER, skip: (p.page - 1) * SUPERVISION_PAGE_SIZE, take: SUPERVISION_PAGE_SIZE, select: LIST_SELECT }),
  ]);
  const names = await unitNames(db, rows.flatMap((r) => [r.unitId, r.issuerUnitId]));
  return {
    total,
    rows: rows.map((r): SupervisionRow => ({ ...decorate(r, viewer, now), unitName: names.get(r.unitId) ?? "", issuerName: names.get(r.issuerUnitId) ?? "" })),
    pages: Math.max(1, Math.ceil(total / SUPERVISION_PAGE_SIZE)),
  };
}

/** Unit names by id (the 督办 tables keep ids, not relations). */
export async function unitNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const units = await db.unit.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(units.map((u) => [u.id, u.name]));
}

/** The list page: the unit being viewed (the viewer's or one below it). */
export async function supervisionPage(viewer: { unitId: number; unitPath: string }, scope: Scope, p: SupervisionListParams) {
  return listSupervisions(await getReadDb(), scope, viewer, p);
}

/** One 督办单 in the viewer's subtree with its steps and evidence; anything else is an audited 404 (denyPage). */
export async function getSupervision(db: Db, viewer: { unitPath: string; unitId?: number }, code: string, now = new Date()) {
  if (typeof code !== "string" || !/^DB-[A-Za-z0-9]{1,20}-\d{4}-\d{4,6}$/.test(code)) return denyPage("编号无效", viewer);
  const s = await db.supervision.findUnique({
    where: { code },
    include: { steps: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { attachments: { select: { id: true, filename: true, size: true }, orderBy: { id: "asc" } } } } },
  });
  if (!s || !contains(userScope(viewer), s.unitPath)) return denyPage(s ? "超出管辖范围" : "记录不存在", viewer);
  const names = await unitNames(db, [s.unitId, s.issuerUnitId, ...s.steps.map((x) => x.unitId)]);
  const userIds = [...new Set([s.issuedById, ...s.steps.map((x) => x.userId)].filter((x): x is number => x !== null))];
  const people = new Map((await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const steps = s.steps.map((x) => ({ ...x, unitName: names.get(x.unitId) ?? "", userName: x.userId ? (people.get(x.userId) ?? "") : "" }));
  const unitName = names.get(s.unitId) ?? "";
  let target: { label: string; href: string | null } = { label: `单位 ${unitName}`, href: null };
  if (s.targetKind === "TASK" && s.assignmentId) {
    const a = await db.taskAssignment.findUnique({ where: { id: s.assignmentId }, select: { id: true, task: { select: { code: true, title: true } } } });
    if (a) target = { label: `任务 ${a.task.code} ${a.task.title}`, href: `/tasks/${a.id}` };
  } else if (s.targetKind === "LEDGER" && s.ledgerKey && s.recordId) {
    const config = ledgerConfig(s.ledgerKey);
    const r = config ? await delegate(db, config).findUnique({ where: { id: s.recordId } }) : null;
    if (config && r) target = { label: `${config.title} ${String(r.code)} ${String(r[config.titleField] ?? "")}`, href: `/ledgers/${config.key}/${s.recordId}` };
  }
  return { ...decorate(s, viewer, now), steps, target, unitName, issuerName: names.get(s.issuerUnitId) ?? "", issuedByName: s.issuedById ? (people.get(s.issuedById) ?? "") : "" };
}

export function supervisionDetail(viewer: { unitPath: string; unitId: number }, code: string) {
  return getSupervision(getDb(), viewer, code);
}

/** What the 「下发督办」 form is about: a task assignment, a ledger record, or a unit chosen on the form. */
export interface NewSupervisionTarget {
  targetKind: "TASK" | "LEDGER" | "UNIT";
  assignmentId?: number;
  ledgerKey?: string;
  recordId?: number;
  label: string;
  unitId?: number;
  unitName?: string;
  href?: string;
}

/** The 「下发督办」 page's query: what the form is about (a task assignment, a ledger record) or a preselected unit. */
export const ZNewSupervisionQuery = z.object({
  assignment: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  ledger: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  record: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  unit: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

/**
 * The 「下发督办」 form's target and the units the viewer may choose (active units strictly below the viewer's);
 * a task or record outside the viewer's subtree is an audited 404.
 */
export async function newSupervisionForm(viewer: { unitPath: string; unitId: number }, q: z.output<typeof ZNewSupervisionQuery>) {
  const db = getDb();
  const scope = userScope(viewer);
  let target: NewSupervisionTarget | null = null;
  if (q.assignment) {
    const a = await db.taskAssignment.findUnique({ where: { id: q.assignment }, select: { id: true, unitId: true, unitPath: true, unit: { select: { name: true } }, task: { select: { code: true, title: true } } } });
    if (!a || !contains(scope, a.unitPath)) return denyPage(a ? "超出管辖范围" : "记录不存在", viewer);
    target = { targetKind: "TASK", assignmentId: a.id, label: `任务 ${a.task.code} ${a.task.title}`, unitId: a.unitId, unitName: a.unit.name, href: `/tasks/${a.id}` };
  } else if (q.ledger && q.record) {
    const config = ledgerConfig(q.ledger);
    if (!config) return denyPage("台账不存在", viewer);
    const r = await delegate(db, config).findUnique({ where: { id: q.record } });
    if (!r || !contains(scope, r.unitPath as string)) return denyPage(r ? "超出管辖范围" : "记录不存在", viewer);
    const unit = await db.unit.findUnique({ where: { id: r.unitId as number }, select: { name: true } });
    target = { targetKind: "LEDGER", ledgerKey: config.key, recordId: q.record, label: `${config.title} ${String(r.code)} ${String(r[config.titleField] ?? "")}`, unitId: r.unitId as number, unitName: unit?.name ?? "", href: `/ledgers/${config.key}/${q.record}` };
  }
  const sub = narrowScope(scope, viewer.unitPath);
  const units = sub
    ? (await db.unit.findMany({ where: { ...unitsIn(scope), active: true, NOT: { id: viewer.unitId } }, select: { id: true, name: true, path: true }, orderBy: { path: "asc" } })).map((u) => ({
        id: u.id,
        label: u.name,
        /** 1: directly below the viewer's unit */
        depth: u.path.split("/").filter(Boolean).length - viewer.unitPath.split("/").filter(Boolean).length,
      }))
    : [];
  return { target, units, preselectUnit: q.unit && units.some((u) => u.id === q.unit) ? q.unit : undefined, today: shanghaiToday() };
}
