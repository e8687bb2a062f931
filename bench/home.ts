// npx tsx bench/home.ts — the work homes on the bench data, measured in-process against the pages they sit beside.
//
// A throwaway database with the synthetic province (bench/generate.ts, as `npm run bench` makes it), then for each
// home the statements it sends (Prisma query events) and its time over RUNS calls after a warm-up, next to the
// county cockpit's data for the same unit. Prints a Markdown table.
import { performance } from "node:perf_hooks";
import { makeScope } from "@/lib/auth/scope";
import { CockpitData, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Db } from "@/lib/db/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { analystDesk, commanderDesk, officerTodo, reviewerQueue } from "@/lib/home/desk";
import { defaultPeriod } from "@/lib/kpi/period";
import { generateProvince } from "./generate";
import { prepareDatabase } from "./setup";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const log = (l: string) => console.log(l);

async function main() {
  const bench = await prepareDatabase(log);
  try {
    await generateProvince(bench.db, bench.url, { log });
    let statements = 0;
    // a client like the app's (pg adapter, pool of 10) whose statements are counted
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: bench.url, max: 10 }), log: [{ emit: "event", level: "query" }] });
    client.$on("query", () => {
      statements++;
    });
    const db = client as unknown as Db;
    const unit = async (code: string) => {
      const u = await db.unit.findUniqueOrThrow({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true } });
      return { ...u, scope: makeScope(u.path) };
    };
    const [county, city, province] = await Promise.all([unit("620102"), unit("6201"), unit("62")]);
    const cockpitCounty = (await findCockpitUnit(db, "620102"))!;
    const family = await cockpitFamily(db, cockpitCounty);
    const cases: { name: string; f: () => Promise<unknown> }[] = [
      { name: "民警首页（城关区）", f: () => officerTodo(db, county.scope, county) },
      { name: "审核人首页（兰州市）", f: () => reviewerQueue(db, { unitId: city.id, unitPath: city.path }) },
      { name: "指挥员首页（省厅）", f: () => commanderDesk(db, province) },
      { name: "指挥员首页（兰州市）", f: () => commanderDesk(db, city) },
      { name: "分析员首页（省厅）", f: () => analystDesk(db, province) },
      {
        name: "对照：县区驾驶舱数据（城关区）",
        f: () => Promise.all(new CockpitData(db, { unit: cockpitCounty, scope: county.scope, children: family.children, period: defaultPeriod(), def: KPI_MAP.get("plan.completion")!, mapMode: "city" }).loaders().map((l) => l.load())),
      },
    ];
    const rows: string[] = ["| 页面数据 | 语句数 | p50 ms | p95 ms |", "|---|---:|---:|---:|"];
    for (const c of cases) {
      for (let i = 0; i < 3; i++) await c.f();
      const before = statements;
      await c.f();
      await new Promise((r) => setTimeout(r, 20));
      const n = statements - before;
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await c.f();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      rows.push(`| ${c.name} | ${n} | ${q(0.5)} | ${q(0.95)} |`);
      log(rows[rows.length - 1]);
    }
    console.log(`\n${rows.join("\n")}\n`);
    await client.$disconnect();
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
