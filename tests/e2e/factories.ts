// Users and records of a test's own, written straight into the e2e server's database (its address comes from
// global-setup.ts) with the shared factories of tests/support/factories.ts. A spec that changes anything logs in
// as its own user and works in a unit of its own, so specs running in parallel never touch each other's rows;
// specs that only read use the demo accounts.
import { type Db, createPrismaClient } from "../../lib/db/client";
import type { Role } from "../../lib/generated/prisma/client";
import { TEST_PASSWORD, makeAssignment, makeStation, makeUser } from "../support/factories";

let db: Db | undefined;

/** The e2e server's database (one small pool per worker). */
export function e2eDb(): Db {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the e2e tests through playwright.config.ts (its globalSetup sets it)");
  return (db ??= createPrismaClient(url, { max: 2 }));
}

export interface Account {
  username: string;
  password: string;
}

/** A fresh account of `role` in `unitCode` that signs in with its password alone, as the demo accounts do. */
export async function newUser(role: Role, unitCode: string): Promise<Account & { id: number; unitCode: string }> {
  const u = await makeUser(e2eDb(), role, unitCode, { demoLike: true });
  return { id: u.id, username: u.username, password: TEST_PASSWORD, unitCode };
}

/**
 * A 派出所 of the test's own with an officer. Under 七里河区 by default: no read-only spec counts anything there
 * (the demo officer's 城关区 is what exports, the unit picker and the cockpit check), and its 县区 hands tasks down to
 * it and reviews them (review chain).
 */
export async function newStation(parentCode = "620103") {
  const station = await makeStation(e2eDb(), parentCode);
  const officer = await newUser("OFFICER", station.code);
  return { station, officer };
}

/** A task assignment of the unit's own, handed down by its parent unit. */
export async function newAssignment(unitCode: string, status: "NOT_STARTED" | "IN_PROGRESS") {
  return makeAssignment(e2eDb(), unitCode, { status });
}
