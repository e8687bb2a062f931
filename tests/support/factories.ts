// Test factories shared by the integration tests (tests/integration/helpers re-exports them) and the end-to-end
// tests (tests/e2e/factories.ts, against the e2e server's database): units, users and task assignments, written the
// way the seed and the app write them. Each call makes fresh rows (unique codes and usernames), so tests that run
// in parallel never share what they change.
import { randomBytes } from "node:crypto";
import type { ActionActor } from "@/lib/actions/core";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { createPasswordAccounts } from "@/lib/seed/accounts";

export const TEST_PASSWORD = "Test@Pass2024";
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

const fresh = () => randomBytes(4).toString("hex");

export async function unitByCode(db: Db, code: string) {
  return db.unit.findUniqueOrThrow({ where: { code } });
}

export interface TestUser extends ActionActor {
  name: string;
  unitCode: string;
}

/** A user of `role` in `unitCode` with TEST_PASSWORD. demoLike: signs in with the password alone, as a demo account. */
export async function makeUser(
  db: Db,
  role: Role,
  unitCode: string,
  extra: { username?: string; status?: "ACTIVE" | "DISABLED"; demoLike?: boolean } = {},
): Promise<TestUser> {
  const unit = await unitByCode(db, unitCode);
  const username = extra.username ?? `u_${role.toLowerCase()}_${fresh()}`;
  const [user] = await createPasswordAccounts(db, [
    { username, name: `测试${role}`, unitId: unit.id, role, passwordHash: await passwordHash(), status: extra.status, demoLike: extra.demoLike },
  ]);
  if (!user) throw new Error(`user ${username} exists already`);
  return { id: user.id, username, role, unitId: unit.id, unitPath: unit.path, name: user.name, unitCode };
}

/**
 * A new 派出所 under `parentCode` (a county or city), shaped as the unit administration creates one
 * (lib/units/actions.ts): a code of letters and digits, the parent's path plus the code. A unit of its own keeps a
 * test's records out of every other test's lists and counts.
 */
export async function makeStation(db: Db, parentCode: string, name?: string) {
  const parent = await unitByCode(db, parentCode);
  const tag = fresh();
  const code = `${parent.code}T${tag}`;
  const count = await db.unit.count({ where: { parentId: parent.id } });
  return db.unit.create({
    data: { code, name: name ?? `测试${tag}派出所`, level: "STATION", parentId: parent.id, path: `${parent.path}${code}/`, depth: parent.depth + 1, sortOrder: count },
  });
}

let n = 0;

/** A task assignment at `unitCode`, handed down by its parent unit (as the seed and the app do). */
export async function makeAssignment(
  db: Db,
  unitCode: string,
  opts: { status?: "NOT_STARTED" | "IN_PROGRESS" | "PENDING_REVIEW" | "RETURNED" | "CLOSED"; progress?: number; taskCode?: string; deadline?: Date } = {},
) {
  const unit = await db.unit.findUniqueOrThrow({ where: { code: unitCode }, include: { parent: true } });
  const tasks = await db.planTask.findMany({ where: { plan: { active: true } }, orderBy: { code: "asc" }, select: { id: true, code: true, deadline: true } });
  // a task this unit does not have yet
  const taken = new Set((await db.taskAssignment.findMany({ where: { unitId: unit.id }, select: { taskId: true } })).map((a) => a.taskId));
  const task = opts.taskCode ? tasks.find((t) => t.code === opts.taskCode)! : tasks.find((t) => !taken.has(t.id))!;
  const status = opts.status ?? "IN_PROGRESS";
  return db.taskAssignment.create({
    data: {
      taskId: task.id,
      unitId: unit.id,
      unitPath: unit.path,
      role: "LEAD",
      assignedById: unit.parent!.id,
      dutyType: "TERRITORIAL",
      deadline: opts.deadline ?? new Date("2099-12-31T00:00:00Z"),
      status,
      progress: opts.progress ?? (status === "PENDING_REVIEW" || status === "CLOSED" ? 100 : status === "NOT_STARTED" ? 0 : 50),
      reviewUnitId: status === "PENDING_REVIEW" ? unit.parent!.id : null,
      submittedAt: status === "PENDING_REVIEW" ? new Date() : null,
      milestones: { create: [{ seq: 1, title: `节点${n++}`, dueDate: new Date("2099-06-30T00:00:00Z") }] },
    },
  });
}

/**
 * A 督办单 received by `unitCode`, issued by its parent unit (as the app writes one: the ISSUE step, and the later
 * steps for a status past OPEN). `replyDue` defaults to far in the future.
 */
export async function makeSupervision(
  db: Db,
  unitCode: string,
  opts: { status?: "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED"; level?: "REMIND" | "SUPERVISE" | "LISTED"; replyDue?: Date; issuedById?: number; createdAt?: Date; subject?: string } = {},
) {
  const unit = await db.unit.findUniqueOrThrow({ where: { code: unitCode }, include: { parent: true } });
  const status = opts.status ?? "OPEN";
  const at = opts.createdAt ?? new Date();
  const code = `DB-${unit.code}-2099-${fresh()}`.replace(/-([0-9a-f]{8})$/, (_, h: string) => `-${String(parseInt(h, 16) % 1_000_000).padStart(6, "0")}`);
  const steps: { action: "ISSUE" | "REPLY" | "ACCEPT" | "RETURN" | "CANCEL"; unitId: number; fromStatus: "OPEN" | "REPLIED" | null; toStatus: "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED"; at: Date; text: string }[] = [
    { action: "ISSUE", unitId: unit.parent!.id, fromStatus: null, toStatus: "OPEN", at, text: "督办理由" },
  ];
  const later = new Date(at.getTime() + 1000);
  if (status === "REPLIED" || status === "RETURNED" || status === "ACCEPTED") steps.push({ action: "REPLY", unitId: unit.id, fromStatus: "OPEN", toStatus: "REPLIED", at: later, text: "已落实整改" });
  if (status === "RETURNED") steps.push({ action: "RETURN", unitId: unit.parent!.id, fromStatus: "REPLIED", toStatus: "RETURNED", at: new Date(later.getTime() + 1000), text: "材料不全" });
  if (status === "ACCEPTED") steps.push({ action: "ACCEPT", unitId: unit.parent!.id, fromStatus: "REPLIED", toStatus: "ACCEPTED", at: new Date(later.getTime() + 1000), text: "同意办结" });
  if (status === "CANCELLED") steps.push({ action: "CANCEL", unitId: unit.parent!.id, fromStatus: "OPEN", toStatus: "CANCELLED", at: later, text: "情况已变化" });
  return db.supervision.create({
    data: {
      code,
      level: opts.level ?? "SUPERVISE",
      status,
      targetKind: "UNIT",
      unitId: unit.id,
      unitPath: unit.path,
      issuerUnitId: unit.parent!.id,
      issuerPath: unit.parent!.path,
      issuedById: opts.issuedById ?? null,
      subject: opts.subject ?? `测试督办事项${n++}`,
      reason: "督办理由",
      replyDue: opts.replyDue ?? new Date("2099-12-31T00:00:00Z"),
      repliedAt: status === "REPLIED" || status === "ACCEPTED" ? later : null,
      closedAt: status === "ACCEPTED" || status === "CANCELLED" ? later : null,
      createdAt: at,
      steps: { create: steps },
    },
  });
}
