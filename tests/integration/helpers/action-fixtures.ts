// For every server action: how to build a valid input whose target record lies in a given unit's subtree.
// The authorization matrix runs each action in scope and out of scope with these. An action without an entry here
// fails the suite (tests/integration/actions-matrix.test.ts).
import type { Db } from "@/lib/db/client";
import { makeUser, unitByCode } from "./factories";

export interface ActionFixture {
  /** a valid input touching a record in the subtree of `unitCode` (a county or city code) */
  input: (db: Db, unitCode: string) => Promise<Record<string, unknown>>;
  /** the action only ever touches the caller's own account: there is no out-of-scope record to aim at */
  selfOnly?: boolean;
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export const ACTION_FIXTURES: Record<string, ActionFixture> = {
  "unit.create": {
    input: async (db, unitCode) => {
      const parent = await unitByCode(db, unitCode);
      return { parentId: parent.id, level: "DEPARTMENT", name: `测试部门${next()}` };
    },
  },
  "unit.update": {
    input: async (db, unitCode) => {
      const station = await db.unit.findFirstOrThrow({ where: { level: "STATION", path: { startsWith: (await unitByCode(db, unitCode)).path } } });
      return { id: station.id, version: station.version, name: `${station.name}（改）`, active: "true" };
    },
  },
  "user.create": {
    input: async (db, unitCode) => ({ username: `n_${next()}`, name: "新民警", unitId: (await unitByCode(db, unitCode)).id, role: "OFFICER" }),
  },
  "user.update": {
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
      return { id: u.id, version: row.version, name: "改名", unitId: row.unitId, role: "ANALYST", status: "ACTIVE" };
    },
  },
  "user.resetPassword": {
    input: async (db, unitCode) => ({ id: (await makeUser(db, "OFFICER", unitCode)).id }),
  },
  "account.changePassword": {
    selfOnly: true,
    input: async () => {
      const fresh = `Nn#${next()}xY9`;
      return { currentPassword: "Test@Pass2024", newPassword: fresh, confirmPassword: fresh };
    },
  },
  "security.unlockUser": {
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
      return { id: u.id };
    },
  },
  "security.revokeSessions": {
    input: async (db, unitCode) => ({ id: (await makeUser(db, "OFFICER", unitCode)).id }),
  },
};
