// The raw-SQL lower bound of a cockpit's data, as bench/run.ts measures it (see bench/NOTES.md「原始 SQL 下限」):
// the page's data code runs in-process on a Prisma client like the app's (pg driver adapter, pool of 10) whose pg
// pool records every statement with its bound values and timing, each tagged with the widget that sent it; the
// statements are then replayed through plain pg with the same structure (the page's look-ups in order, then every
// widget at once, each widget's stages in order). Used by the 「数据 ×5」 stage (bench/data5.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { makeScope } from "@/lib/auth/scope";
import { CockpitData, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import type { Db } from "@/lib/db/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { KPI_MAP } from "@/lib/kpi/definitions";
import type { Period } from "@/lib/kpi/period";
import { type Stats, stats } from "./http";

const POOL = 10;

export interface Stmt {
  text: string;
  values: unknown[];
  start: number;
  end: number;
  /** the widget whose code sent it (AsyncLocalStorage across Prisma's async calls) */
  tag?: string;
}
export type Plan = Stmt[][];
type Query = (config: pg.QueryConfig) => Promise<pg.QueryResult>;

export const widget = new AsyncLocalStorage<string>();

/** statements that ran concurrently form a stage; a stage starts when a statement is sent after one of the
 * previous stage's statements had already finished */
export function stagesOf(stmts: Stmt[]): Plan {
  const sorted = [...stmts].sort((a, b) => a.start - b.start);
  const out: Plan = [];
  let cur: Stmt[] = [];
  let firstEnd = Infinity;
  for (const s of sorted) {
    if (cur.length && s.start >= firstEnd) {
      out.push(cur);
      cur = [];
      firstEnd = Infinity;
    }
    cur.push(s);
    firstEnd = Math.min(firstEnd, s.end);
  }
  if (cur.length) out.push(cur);
  return out;
}

async function series(f: () => Promise<unknown>, warmup: number, runs: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  return stats(xs);
}

export async function cockpitDataBound(url: string, code: string, period: Period, opts: { warmup: number; runs: number }): Promise<{ app: Stats; raw: Stats; statements: number }> {
  const pool = new pg.Pool({ connectionString: url, max: POOL, idleTimeoutMillis: 30_000 });
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  const raw = new pg.Pool({ connectionString: url, max: POOL });
  raw.on("error", () => {});
  try {
    const capture = async (f: () => Promise<unknown>): Promise<Stmt[]> => {
      const got: Stmt[] = [];
      const p = pool as unknown as { query: Query };
      const inner = p.query;
      p.query = async (config: pg.QueryConfig) => {
        const s: Stmt = { text: config.text, values: (config.values ?? []) as unknown[], start: performance.now(), end: 0, tag: widget.getStore() };
        got.push(s);
        const r = await inner.call(pool, config);
        s.end = performance.now();
        return r;
      };
      try {
        await f();
      } finally {
        p.query = inner;
      }
      return got;
    };
    const unit = (await findCockpitUnit(db, code))!;
    const view = { unit, scope: makeScope(unit.path), children: (await cockpitFamily(db, unit)).children, period, def: KPI_MAP.get("plan.completion")!, mapMode: "city" as const };
    const page = async () => {
      const u = (await findCockpitUnit(db, code))!;
      await cockpitFamily(db, u);
      const data = new CockpitData(db, { ...view, unit: u, scope: makeScope(u.path) });
      await Promise.all(data.loaders().map((l) => l.load()));
    };
    await page();
    const pageStages = [stagesOf(await capture(() => findCockpitUnit(db, code))), stagesOf(await capture(() => cockpitFamily(db, unit)))];
    const tagged = await capture(() => Promise.all(new CockpitData(db, view).loaders().map((l) => widget.run(l.name, l.load))));
    const names = [...new Set(tagged.map((s) => s.tag))];
    const widgetPlans: Plan[] = names.map((n) => stagesOf(tagged.filter((s) => s.tag === n)));
    const run = async (plan: Plan) => {
      for (const stage of plan) await Promise.all(stage.map((s) => raw.query({ text: s.text, values: s.values, rowMode: "array" })));
    };
    const replay = async () => {
      for (const p of pageStages) await run(p);
      await Promise.all(widgetPlans.map(run));
    };
    const app = await series(page, opts.warmup, opts.runs);
    const rawStats = await series(replay, opts.warmup, opts.runs);
    const statements = [...pageStages, ...widgetPlans].reduce((n, p) => n + p.reduce((m, s) => m + s.length, 0), 0);
    return { app, raw: rawStats, statements };
  } finally {
    await db.$disconnect().catch(() => {});
    await pool.end().catch(() => {});
    await raw.end().catch(() => {});
  }
}
