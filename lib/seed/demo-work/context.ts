// What the demo generators know about the database: units, the active plan, demo users, settings, "now".
import type { AssignmentStatus, CountyKind, TaskDepartmentRole, UnitLevel } from "@/lib/generated/prisma/client";

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  level: UnitLevel;
  kind: CountyKind | null;
  path: string;
  parentId: number | null;
}

export interface TaskInfo {
  id: number;
  code: string;
  title: string;
  target: string | null;
  deadline: Date;
  departments: { unitId: number; role: TaskDepartmentRole }[];
}

export interface DemoContext {
  now: Date;
  /** today's calendar day in Beijing (00:00 UTC) */
  today: Date;
  units: UnitInfo[];
  byId: Map<number, UnitInfo>;
  byCode: Map<string, UnitInfo>;
  children: Map<number, UnitInfo[]>;
  tasks: TaskInfo[];
  /** demo officer / reviewer user id per unit id */
  officerOf: Map<number, number>;
  reviewerOf: Map<number, number>;
  reviewLevels: string[];
  intel: { reportHours: number[]; loopDays: number[] };
  dispute: { threshold: number; rules: { label: string; field: string; op: "=" | ">="; value: string | number | boolean; weight: number }[] };
}

export type Status = AssignmentStatus;

/** The police bureau's name as written in documents (兰州市公安局城关分局, 永登县公安局, 甘肃省公安厅 …). */
export function bureauName(ctx: DemoContext, u: UnitInfo): string {
  if (u.level === "PROVINCE" || u.level === "STATION" || u.level === "DEPARTMENT") return u.name;
  if (u.level === "CITY") return `${u.name}公安局`;
  const city = u.parentId ? ctx.byId.get(u.parentId) : undefined;
  if (u.kind === "DISTRICT" && city) return `${city.name}公安局${(u.shortName ?? u.name).replace(/区$/, "")}分局`;
  return `${u.name}公安局`;
}
