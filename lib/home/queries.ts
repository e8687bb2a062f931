import "server-only";
// The work homes, for the pages (the database-first queries are in lib/home/desk.ts).
import { userScope } from "@/lib/auth/scope";
import type { SessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { analystDesk, commanderDesk, officerTodo, queueNext, repliesToAccept, reviewerQueue } from "./desk";

/** The 「下一条」 of the reviewer's queue after a decision on `exceptId`. */
export function nextInQueue(viewer: { unitId: number; unitPath: string }, exceptId: number) {
  return queueNext(getDb(), viewer, exceptId);
}

export async function officerHome(user: SessionUser, now: Date = new Date()) {
  const db = getDb();
  return officerTodo(db, userScope(user), { id: user.unitId, level: user.unitLevel, name: user.unitName }, now);
}

export async function reviewerHome(user: SessionUser) {
  const db = getDb();
  const [queue, replies] = await Promise.all([reviewerQueue(db, user), repliesToAccept(db, user.unitId)]);
  return { queue, replies };
}

export async function commanderHome(user: SessionUser, now: Date = new Date()) {
  return commanderDesk(getDb(), { id: user.unitId, code: user.unitCode, scope: userScope(user) }, now);
}

export async function analystHome(user: SessionUser, now: Date = new Date()) {
  return analystDesk(getDb(), { id: user.unitId, code: user.unitCode, name: user.unitName, scope: userScope(user) }, now);
}
