// A synthetic province for `npm run bench`: fills a throwaway database (already migrated and seeded with the
// reference data and the demo accounts) at province scale.
//
//   - ~300 police stations (the seeded ones plus new ones in the largest counties);
//   - plan execution: the demo generator (lib/seed/demo-work) hands the 90 tasks to every city, county and
//     department (≈ 9,700 assignments, milestones, review histories), topped up here to 50,000 progress updates;
//   - 1,000,000 ledger rows over the last 3 years: intelligence items with their analysis and verification loops
//     (mostly closed, some open, some overdue), problems, mechanisms, stability events — plus 100,000 disputes;
//   - monthly statistics since 2021-01 for every county (lib/seed/demo-stats) and the enterprise roster (~4,850
//     enterprises, ~116,000 visits, demands, cases: lib/seed/demo-enterprises) — both already bulk writers;
//   - VACUUM ANALYZE at the end.
//
// The bulk is INSERT … SELECT FROM generate_series on two connections (one per core). Deterministic: randomness is a
// hash of (row key, salt) (hashint8extended), so the same day gives the same rows; only "now" moves the dates.
// County sizes vary (kind of county × a per-county factor; 城关 largest); every record's unit_path is its unit's path.
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { seedDemoEnterprises } from "@/lib/seed/demo-enterprises";
import { seedDemoStats } from "@/lib/seed/demo-stats";
import { seedDemoWork } from "@/lib/seed/demo-work";
import { getSetting } from "@/lib/settings";
import { shanghaiToday } from "@/lib/time";

export interface GenerateOptions {
  /**
   * issue 14 「数据 ×5」: multiplies the record volumes — ledger rows (1,000,000 × scale), disputes and progress
   * updates. The organisation (units, stations, accounts), the plan's tasks and assignments, the monthly statistics
   * and the enterprise roster stay as they are: a province does not get more police stations, plan tasks or
   * enterprises because it keeps more records. Explicit counts below win over the scale.
   */
  scale?: number;
  /** ledger rows (problems, mechanisms, stability events, intel items, analyses, verifications) in all */
  ledgerRows?: number;
  disputes?: number;
  progressUpdates?: number;
  stations?: number;
  log?: (line: string) => void;
  now?: Date;
}

export interface GenerateReport {
  seconds: number;
  counts: Record<string, number>;
}

const DEFAULTS = { ledgerRows: 1_000_000, disputes: 100_000, progressUpdates: 50_000, stations: 300 };

// shares of the 1,000,000 ledger rows: intel drives analyses (~22 %) and verifications (~65 %); problems fill up
const INTEL_SHARE = 0.4;
const STABILITY_SHARE = 0.04;
const MECHANISM_SHARE = 0.01;

/** SQL string literal */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(",")}]::text[]`;
/** one element of a list, by a random expression in [0, 1) */
const pickOf = (xs: readonly string[], r: string) => `(${arr(xs)})[1 + floor((${r}) * ${xs.length})::int]`;
/** one value of [value, weight] pairs (a CASE over the cumulative weights) */
function weighted(pairs: readonly (readonly [string, number])[], r: string, cast = ""): string {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = pairs.slice(0, -1).map(([v, w]) => {
    acc += w;
    return `WHEN (${r}) < ${acc / total} THEN ${lit(v)}${cast}`;
  });
  return `(CASE ${whens.join(" ")} ELSE ${lit(pairs[pairs.length - 1][0])}${cast} END)`;
}
const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;
const dt = (d: Date) => `'${d.toISOString().slice(0, 10)}'::date`;
/** a Beijing calendar day (DATE expression) at a time of day (hours, may be fractional) as an instant */
const atBeijing = (day: string, hours: string) => `((${day})::timestamp + (${hours}) * interval '1 hour') AT TIME ZONE 'Asia/Shanghai'`;
const bjDay = (instant: string) => `((${instant}) AT TIME ZONE 'Asia/Shanghai')::date`;
/** ledger code PREFIX-<unit>-<year>-NNNN (4 digits at least, never truncated) */
const codeExpr = (prefix: string, unitCode: string, year: string, seq: string) =>
  `${lit(prefix)} || '-' || ${unitCode} || '-' || ${year} || '-' || CASE WHEN (${seq}) < 10000 THEN lpad((${seq})::text, 4, '0') ELSE (${seq})::text END`;

const TOWNS = ["城关镇", "东关街道", "西关街道", "南关街道", "北关街道", "新城镇", "和平镇", "安宁镇", "红旗乡", "柳林镇", "大沙坪镇", "西川镇"];
const VILLAGES = ["团结村", "和平村", "光明村", "胜利村", "建设社区", "幸福社区", "新民社区", "红星村", "前进村", "东湖社区", "西园社区", "南山村"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙", "何", "朱", "郭", "罗", "高", "林"];
const GIVEN = ["建国", "志强", "伟", "洋", "静", "敏", "军", "磊", "娜", "涛", "斌", "霞", "鹏", "芳", "勇", "丽", "海", "兵"];
const DISPUTE_CATEGORIES: [string, number][] = [
  ["邻里冲突", 24], ["家庭矛盾", 20], ["婚恋纠葛", 14], ["劳资债务", 14], ["土地山林", 8],
  ["合同经济", 7], ["交通事故", 5], ["征地拆迁", 3], ["医疗纠纷", 2], ["其他", 3],
];
const INTEL_TOPICS = ["涉众型经济纠纷苗头", "群体性上访苗头", "个人极端倾向人员动向", "网络涉稳舆情", "重点人员异常动向", "劳资纠纷聚集苗头", "征地拆迁矛盾激化苗头", "涉校周边安全隐患", "电信网络诈骗窝点线索", "非法集资风险线索"];
const MECHANISMS = ["矛盾纠纷多元化解工作机制", "警调对接工作实施办法", "情指行一体化运行规范", "重点人员稳控工作制度", "社区民警驻村（社区）工作制度", "派出所综合指挥室建设运行规范", "涉稳风险研判会商制度", "重大活动安保工作预案", "企业护航警官工作制度", "命案防控工作机制"];
const STABILITY_NATURES: [string, number][] = [["重大活动安保", 22], ["重点人员动向", 22], ["涉稳舆情", 20], ["群体性事件", 18], ["个人极端", 10], ["其他", 8]];

interface Ctx {
  now: Date;
  today: Date;
  start: Date;
  log: (l: string) => void;
}

/** Fills the province. `db` is a Prisma client on the same database (for the demo generators reused here). */
export async function generateProvince(db: Db, url: string, options: GenerateOptions = {}): Promise<GenerateReport> {
  const scale = options.scale ?? 1;
  const scaled = { ledgerRows: Math.round(DEFAULTS.ledgerRows * scale), disputes: Math.round(DEFAULTS.disputes * scale), progressUpdates: Math.round(DEFAULTS.progressUpdates * scale) };
  const opts = { ...DEFAULTS, ...scaled, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const log = options.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const now = options.now ?? new Date();
  const today = shanghaiToday(now);
  const ctx: Ctx = { now, today, start: new Date(today.getTime() - 1096 * 86_400_000), log };
  const step = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const r = await f();
    log(`[gen] ${label}：${((Date.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };

  const a = await connect(url);
  const b = await connect(url);
  try {
    await step("派出所", () => addStations(a, opts.stations));
    await step("记录单位与规模", async () => {
      await recordUnits(a);
      await recordUnits(b);
    });
    // plan execution for every unit (the demo generator: 90 tasks × cities, counties, departments)
    await step("任务交办（演示生成器）", () => seedDemoWork(db));
    const dispute = await getSetting(db, "dispute.warning");
    const intelCfg = await getSetting(db, "intel.deadlines");

    const intelTarget = Math.round(opts.ledgerRows * INTEL_SHARE);
    await Promise.all([
      // connection A: the intelligence loop (intel → analysis → verification), the heaviest part
      step("情报—研判—核查闭环", () => intelLoops(a, ctx, intelTarget, intelCfg)),
      // connection B: everything else, one after another
      (async () => {
        await step("矛盾纠纷", () => disputes(b, ctx, opts.disputes, dispute));
        await step("创稳工作、制度机制", async () => {
          await stability(b, ctx, Math.round(opts.ledgerRows * STABILITY_SHARE));
          await mechanisms(b, ctx, Math.round(opts.ledgerRows * MECHANISM_SHARE));
        });
        await step("进展报告", () => progressUpdates(b, ctx, opts.progressUpdates));
        await step("月度统计（演示生成器）", () => seedDemoStats(db, now));
        await step("包抓联企业（演示生成器）", () => seedDemoEnterprises(db));
      })(),
    ]);
    // problems fill the ledgers up to the exact total
    const have = await count(a, ["mechanisms", "stability_events", "intel_items", "analysis_sessions", "verifications", "problem_items"]);
    await step("矛盾问题", () => problems(a, ctx, Math.max(0, opts.ledgerRows - have)));
    await step("编号计数器、序列", () => finish(a));
    await step("VACUUM ANALYZE", async () => {
      await a.query("VACUUM ANALYZE");
    });
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = await count(a, [t]);
    counts["units (STATION)"] = Number((await a.query(`SELECT count(*) AS n FROM units WHERE level = 'STATION'`)).rows[0].n);
    counts["units (COUNTY)"] = Number((await a.query(`SELECT count(*) AS n FROM units WHERE level = 'COUNTY'`)).rows[0].n);
    return { seconds: (Date.now() - t0) / 1000, counts };
  } finally {
    await a.end();
    await b.end();
  }
}

export const COUNTED = [
  "task_assignments", "milestones", "progress_updates", "review_records",
  "problem_items", "mechanisms", "stability_events", "intel_items", "analysis_sessions", "analysis_intel", "verifications", "verification_intel",
  "disputes", "stat_values", "enterprises", "enterprise_visits", "enterprise_demands", "enterprise_cases",
];
export const LEDGER_TABLES = ["problem_items", "mechanisms", "stability_events", "intel_items", "analysis_sessions", "verifications"];

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on("error", () => {}); // the server going away (Ctrl-C) fails the running query; that error is enough
  await c.connect();
  await c.query(`SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'; SET max_parallel_workers_per_gather = 0;`);
  // a hash of (key, salt) as a float in [0, 1): deterministic pseudo-randomness
  await c.query(`CREATE FUNCTION pg_temp.rnd(k bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT ((hashint8extended(k, salt) >> 11) & 9007199254740991)::float8 / 9007199254740992.0 $$`);
  return c;
}

async function count(c: pg.Client, tables: string[]): Promise<number> {
  let n = 0;
  for (const t of tables) n += Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  return n;
}

/** New stations in the largest counties until there are `target` stations. */
async function addStations(c: pg.Client, target: number) {
  const have = Number((await c.query(`SELECT count(*) AS n FROM units WHERE level = 'STATION'`)).rows[0].n);
  const missing = target - have;
  if (missing <= 0) return;
  const names = ["城东", "城西", "城南", "城北", "开发区", "火车站", "新城", "滨河"];
  await c.query(`
    WITH counties AS (
      SELECT u.id, u.code, u.name, u.path, u.depth,
             (SELECT count(*) FROM units s WHERE s.parent_id = u.id AND s.level = 'STATION') AS n
      FROM units u WHERE u.level = 'COUNTY' AND u.active
      ORDER BY u.kind IN ('DISTRICT', 'COUNTY_CITY') DESC, pg_temp.rnd(u.id, 1) LIMIT ${missing}
    )
    INSERT INTO units (code, name, short_name, level, parent_id, path, depth, sort_order, updated_at)
    SELECT code || 'P' || lpad((n + 1)::text, 2, '0'),
           name || ${pickOf(names, "pg_temp.rnd(id, 2)")} || '派出所',
           ${pickOf(names, "pg_temp.rnd(id, 2)")} || '派出所',
           'STATION', id, path || code || 'P' || lpad((n + 1)::text, 2, '0') || '/', depth + 1, n, now()
    FROM counties`);
}

/**
 * Units that keep records, with their share of the province (temp table `ru`): each county-level unit a size
 * (kind × a per-county factor, 城关 largest), 60 % kept by the county bureau and 40 % by its stations; cities
 * without counties (嘉峪关) like a county; other city bureaus a little of their own.
 */
async function recordUnits(c: pg.Client) {
  await c.query(`
    CREATE TEMP TABLE ru AS
    WITH base AS (
      SELECT u.id, u.code, u.path, u.level,
             CASE u.kind WHEN 'DISTRICT' THEN 1.6 WHEN 'COUNTY_CITY' THEN 1.2 WHEN 'COUNTY' THEN 0.85 WHEN 'AUTONOMOUS_COUNTY' THEN 0.5 WHEN 'DEV_ZONE' THEN 0.9 ELSE 1.3 END
               * (0.55 + pg_temp.rnd(u.id, 3)) * CASE u.code WHEN '620102' THEN 2.5 WHEN '620103' THEN 1.6 WHEN '620502' THEN 1.4 ELSE 1 END AS size,
             (u.level = 'CITY' AND NOT EXISTS (SELECT 1 FROM units k WHERE k.parent_id = u.id AND k.level = 'COUNTY')) AS county_like
      FROM units u WHERE u.level IN ('CITY', 'COUNTY') AND u.active
    ),
    own AS (
      SELECT id, code, path, CASE WHEN level = 'COUNTY' OR county_like THEN 0.6 * size ELSE 0.08 END AS w FROM base
    ),
    stations AS (
      SELECT s.id, s.code, s.path,
             0.4 * CASE WHEN b.level = 'COUNTY' OR b.county_like THEN b.size ELSE 0.2 END
               * (0.5 + pg_temp.rnd(s.id, 4)) / (SELECT sum(0.5 + pg_temp.rnd(x.id, 4)) FROM units x WHERE x.parent_id = b.id AND x.level = 'STATION') AS w
      FROM units s JOIN base b ON b.id = s.parent_id
      WHERE s.level = 'STATION' AND s.active
    )
    SELECT id, code, path, w / sum(w) OVER () AS share FROM (SELECT * FROM own UNION ALL SELECT * FROM stations) x`);
}

/** Temp table `alloc_<name>(unit_id, code, path, n)`: exactly `total` rows over the record units by share. */
async function alloc(c: pg.Client, name: string, total: number) {
  await c.query(`
    CREATE TEMP TABLE alloc_${name} AS
    WITH f AS (SELECT id, code, path, share * ${total} AS exact FROM ru),
    g AS (SELECT id, code, path, floor(exact)::int AS n, exact - floor(exact) AS frac FROM f)
    SELECT id AS unit_id, code, path,
           n + CASE WHEN row_number() OVER (ORDER BY frac DESC, id) <= ${total} - sum(n) OVER () THEN 1 ELSE 0 END AS n
    FROM g`);
}

/** A position in [0, 1) spread over the 3 years with growth (more records recently). */
const when = (k: string, salt: number, s = "s", n = "a.n") => `power((${s} - 1 + pg_temp.rnd(${k}, ${salt}))::float8 / ${n}, 0.85)`;

/** The last value of every code counter, from the codes in the ledger tables; sequences past the max ids. */
async function finish(c: pg.Client) {
  const tables = ["problem_items", "mechanisms", "stability_events", "intel_items", "analysis_sessions", "verifications", "disputes", "enterprises", "enterprise_visits", "enterprise_demands", "enterprise_cases"];
  await c.query(`
    INSERT INTO code_counters (key, value)
    SELECT regexp_replace(code, '-[0-9]+$', ''), max(substring(code FROM '[0-9]+$')::int)
    FROM (${tables.map((t) => `SELECT code FROM ${t}`).join(" UNION ALL ")}) x
    GROUP BY 1
    ON CONFLICT (key) DO UPDATE SET value = GREATEST(code_counters.value, EXCLUDED.value)`);
  for (const t of [...tables, "progress_updates", "task_assignments"]) {
    await c.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${t}), false)`);
  }
}

/** Codes continue each (prefix, unit, year) counter already in the database. */
const counterJoin = (prefix: string, alias: string, yearExpr: string) =>
  `LEFT JOIN code_counters cc ON cc.key = ${lit(prefix)} || '-' || ${alias}.unit_code || '-' || ${yearExpr}`;

// ── 情报信息 → 分析研判 → 核查处置 ────────────────────────────────────────────────────────────────────────────

async function intelLoops(c: pg.Client, ctx: Ctx, target: number, cfg: { reportHours: number[]; loopDays: number[] }) {
  const have = await count(c, ["intel_items"]);
  const total = Math.max(0, target - have);
  await alloc(c, "intel", total);
  const span = (ctx.now.getTime() - ctx.start.getTime()) / 1000;
  const hours = `(ARRAY[${cfg.reportHours.join(",")}]::float8[])[grade]`;
  const days = `(ARRAY[${cfg.loopDays.join(",")}]::float8[])[grade]`;
  // the items, in time order per unit
  await c.query(`
    CREATE TEMP TABLE gi AS
    SELECT x.*, received_at + ${hours} * interval '1 hour' AS report_due_at, received_at + ${days} * interval '1 day' AS loop_due_at,
           ${days} AS loop_days, ${hours} AS report_hours
    FROM (
      SELECT a.unit_id, a.code AS unit_code, a.path AS unit_path, s, (a.unit_id::bigint * 10000000 + s) AS k,
             ${weighted([["1", 3], ["2", 12], ["3", 38], ["4", 47]], "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 11)")}::int AS grade,
             LEAST(${ts(ctx.start)} + ${span} * ${when("a.unit_id::bigint * 10000000 + s", 10)} * interval '1 second',
                   ${ts(ctx.now)} - (1 + 29 * pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 12)) * interval '1 minute') AS received_at
      FROM alloc_intel a, generate_series(1, a.n) s
    ) x`);
  await c.query(`ALTER TABLE gi ADD COLUMN iid int`);
  await c.query(`
    UPDATE gi SET iid = o.iid FROM (
      SELECT k, (SELECT coalesce(max(id), 0) FROM intel_items) + row_number() OVER (ORDER BY unit_id, s) AS iid FROM gi
    ) o WHERE o.k = gi.k`);
  await c.query(`CREATE INDEX ON gi (unit_id, s)`);
  // verification groups: most items covered (not yet those within their loop deadline), 1–3 items per group
  const now = ts(ctx.now);
  await c.query(`
    CREATE TEMP TABLE gc AS
    SELECT gi.*, sum(CASE WHEN pg_temp.rnd(k, 21) < 0.35 AND s > 1 THEN 0 ELSE 1 END) OVER (PARTITION BY unit_id ORDER BY s) AS grp
    FROM gi
    WHERE pg_temp.rnd(k, 20) >= CASE WHEN loop_due_at > ${now} THEN 0.7 WHEN received_at > ${now} - interval '60 days' THEN 0.03 ELSE 0.006 END`);
  await c.query(`
    CREATE TEMP TABLE gv AS
    SELECT g.*, CASE WHEN closed_at > ${now} - interval '1 hour'
                       OR pg_temp.rnd(vk, 24) < CASE WHEN any_due_later THEN 0.5 WHEN latest > ${now} - interval '45 days' THEN 0.1 ELSE 0.008 END
                     THEN NULL ELSE closed_at END AS closed
    FROM (
      SELECT h.*, GREATEST(${atBeijing("started_on", `8.5 + 9 * pg_temp.rnd(vk, 25)`)}, latest + interval '1 hour') AS start_at,
             GREATEST(${atBeijing(`started_on + round(took)::int`, `8.5 + 9 * pg_temp.rnd(vk, 26)`)}, latest + interval '1 hour' + (2 + 6 * pg_temp.rnd(vk, 27)) * interval '1 hour') AS closed_at
      FROM (
        SELECT unit_id, unit_code, unit_path, grp, min(s) AS first_s, min(k) AS vk, max(received_at) AS latest, bool_or(loop_due_at > ${now}) AS any_due_later,
               LEAST(${bjDay("max(received_at)")} + floor(3 * pg_temp.rnd(min(k), 22))::int, ${dt(ctx.today)}) AS started_on,
               min(loop_days) * CASE WHEN pg_temp.rnd(min(k), 23) < 0.94 THEN 0.1 + 0.8 * pg_temp.rnd(min(k), 28) ELSE 1.05 + 0.75 * pg_temp.rnd(min(k), 28) END AS took
        FROM gc GROUP BY unit_id, unit_code, unit_path, grp
      ) h
    ) g`);
  await c.query(`ALTER TABLE gv ADD COLUMN vid int`);
  await c.query(`
    UPDATE gv SET vid = o.vid FROM (
      SELECT vk, (SELECT coalesce(max(id), 0) FROM verifications) + row_number() OVER (ORDER BY unit_id, first_s) AS vid FROM gv
    ) o WHERE o.vk = gv.vk`);

  const place = (k: string) => `${pickOf(TOWNS, `pg_temp.rnd(${k}, 13)`)} || ${pickOf(VILLAGES, `pg_temp.rnd(${k}, 14)`)}`;
  const person = (k: string, salt: number) => `${pickOf(SURNAMES, `pg_temp.rnd(${k}, ${salt})`)} || ${pickOf(GIVEN, `pg_temp.rnd(${k}, ${salt + 1})`)}`;
  // intel items; loop_closed_at = the closing of its verification (one per item here)
  await c.query(`
    INSERT INTO intel_items (id, code, unit_id, unit_path, grade, source, title, content, received_at, report_due_at, reported_at, reported_to,
                             loop_due_at, loop_closed_at, version, created_at, updated_at)
    SELECT i.iid, ${codeExpr("QB", "i.unit_code", "i.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY i.unit_id, i.yr ORDER BY i.s)")},
           i.unit_id, i.unit_path, i.grade,
           ${weighted([["基层排查", 25], ["群众举报", 22], ["网上巡查", 20], ["上级通报", 10], ["部门移交", 10], ["技术发现", 8], ["其他", 5]], "pg_temp.rnd(i.k, 15)")},
           ${place("i.k")} || ${pickOf(INTEL_TOPICS, "pg_temp.rnd(i.k, 16)")},
           '据' || ${place("i.k")} || '反映，' || ${pickOf(INTEL_TOPICS, "pg_temp.rnd(i.k, 16)")} || '，需核实处置。',
           i.received_at, i.report_due_at, i.reported, CASE WHEN i.reported IS NOT NULL THEN '上级指挥中心' END,
           i.loop_due_at, v.closed, 1, i.received_at + interval '10 minutes', coalesce(v.closed, i.reported, i.received_at)
    FROM (
      SELECT gi.*, EXTRACT(year FROM received_at AT TIME ZONE 'Asia/Shanghai')::int AS yr,
             CASE WHEN r < 0.92 AND received_at + (0.1 + 0.85 * pg_temp.rnd(k, 18)) * report_hours * interval '1 hour' <= ${now}
                    THEN received_at + (0.1 + 0.85 * pg_temp.rnd(k, 18)) * report_hours * interval '1 hour'
                  WHEN r >= 0.92 AND r < 0.99 AND report_due_at + (0.2 + 7.8 * pg_temp.rnd(k, 18)) * interval '1 hour' <= ${now}
                    THEN report_due_at + (0.2 + 7.8 * pg_temp.rnd(k, 18)) * interval '1 hour'
             END AS reported
      FROM (SELECT gi.*, pg_temp.rnd(k, 17) AS r FROM gi) gi
    ) i
    ${counterJoin("QB", "i", "i.yr")}
    LEFT JOIN gc ON gc.k = i.k
    LEFT JOIN gv v ON v.unit_id = gc.unit_id AND v.grp = gc.grp`);

  // analyses: about one item in 4.5 is analysed, with up to 2 items received just before it in the same unit
  await c.query(`
    CREATE TEMP TABLE ga AS
    SELECT gi.*, (SELECT coalesce(max(id), 0) FROM analysis_sessions) + row_number() OVER (ORDER BY unit_id, s) AS aid,
           LEAST(${bjDay("received_at")} + floor(5 * pg_temp.rnd(k, 31))::int, ${dt(ctx.today)}) AS held_on
    FROM gi WHERE pg_temp.rnd(k, 30) < 0.225`);
  await c.query(`
    INSERT INTO analysis_sessions (id, code, unit_id, unit_path, held_on, chair, attendees, topic, conclusion, risk_level, recommendations, distribution,
                                   follow_up, version, created_at, updated_at)
    SELECT a.aid, ${codeExpr("YP", "a.unit_code", "a.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY a.unit_id, a.yr ORDER BY a.s)")},
           a.unit_id, a.unit_path, a.held_on, ${person("a.k", 32)}, '指挥中心、治安大队、属地派出所',
           '关于' || ${pickOf(INTEL_TOPICS, "pg_temp.rnd(a.k, 16)")} || '的研判',
           '经研判，' || ${pickOf(["风险总体可控，需持续关注", "存在进一步激化的可能，需落实稳控措施", "属个别现象，按程序处置"], "pg_temp.rnd(a.k, 34)")} || '。',
           ${weighted([["BLUE", 60], ["YELLOW", 30], ["RED", 10]], "pg_temp.rnd(a.k, 35)", '::"RiskTier"')},
           '落实属地责任，加强跟踪核查。', '指挥中心、属地派出所',
           CASE WHEN a.held_on < ${dt(ctx.today)} - 10 THEN '已按研判意见落实跟踪。' END, 1,
           LEAST(${atBeijing("a.held_on", "10 + 6 * pg_temp.rnd(a.k, 36)")}, ${now}), LEAST(${atBeijing("a.held_on", "10 + 6 * pg_temp.rnd(a.k, 36)")}, ${now})
    FROM (SELECT ga.*, EXTRACT(year FROM held_on)::int AS yr FROM ga) a
    ${counterJoin("YP", "a", "a.yr")}`);
  await c.query(`
    INSERT INTO analysis_intel (analysis_id, intel_id)
    SELECT ga.aid, gi.iid FROM ga JOIN gi ON gi.unit_id = ga.unit_id AND gi.s BETWEEN ga.s - floor(3 * pg_temp.rnd(ga.k, 37))::int AND ga.s`);

  // verifications (with the analysis of their first item, when held before, 70 %) and their links
  await c.query(`
    INSERT INTO verifications (id, code, unit_id, unit_path, analysis_id, verifying_unit, started_on, result, action, feedback, closed_at, version, created_at, updated_at)
    SELECT v.vid, ${codeExpr("HC", "v.unit_code", "v.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY v.unit_id, v.yr ORDER BY v.first_s)")},
           v.unit_id, v.unit_path,
           CASE WHEN ga.held_on <= v.started_on AND pg_temp.rnd(v.vk, 40) < 0.7 THEN ga.aid END,
           ${pickOf(["属地派出所", "治安大队", "刑侦大队", "国保大队", "网安大队", "指挥中心"], "pg_temp.rnd(v.vk, 41)")},
           v.started_on,
           CASE WHEN v.closed IS NOT NULL OR pg_temp.rnd(v.vk, 42) < 0.4 THEN ${weighted([["属实", 55], ["部分属实", 25], ["不属实", 20]], "pg_temp.rnd(v.vk, 43)")} END,
           '组织力量实地核查，' || ${pickOf(["落实稳控措施", "约谈相关人员", "协调有关部门处置", "依法处置"], "pg_temp.rnd(v.vk, 44)")} || '。',
           CASE WHEN v.closed IS NOT NULL THEN '核查处置完毕，已反馈。' END,
           v.closed, 1, LEAST(v.start_at, ${now}), coalesce(v.closed, LEAST(v.start_at, ${now}))
    FROM (SELECT gv.*, EXTRACT(year FROM started_on)::int AS yr FROM gv) v
    LEFT JOIN gi f ON f.unit_id = v.unit_id AND f.s = v.first_s
    LEFT JOIN ga ON ga.k = f.k
    ${counterJoin("HC", "v", "v.yr")}`);
  await c.query(`
    INSERT INTO verification_intel (verification_id, intel_id)
    SELECT gv.vid, gi.iid FROM gc JOIN gv ON gv.unit_id = gc.unit_id AND gv.grp = gc.grp JOIN gi ON gi.k = gc.k`);
  await c.query(`DROP TABLE gi, gc, gv, ga, alloc_intel`);
}

// ── 矛盾纠纷 ─────────────────────────────────────────────────────────────────────────────────────────────────

type DisputeRules = { threshold: number; rules: { label: string; field: string; op: "=" | ">="; value: string | number | boolean; weight: number }[] };

async function disputes(c: pg.Client, ctx: Ctx, target: number, cfg: DisputeRules) {
  const have = await count(c, ["disputes"]);
  await alloc(c, "disputes", Math.max(0, target - have));
  const days = Math.round((ctx.today.getTime() - ctx.start.getTime()) / 86_400_000);
  const col: Record<string, string> = { repeatCalls: "repeat_calls", threats: "threats", weapons: "weapons", domesticViolence: "domestic_violence", riskTier: "risk_tier::text", category: "category", partyCount: "party_count" };
  const cond = (r: DisputeRules["rules"][number]) => {
    const v = typeof r.value === "string" ? lit(r.value) : String(r.value);
    return `${col[r.field]} ${r.op} ${v}`;
  };
  const score = cfg.rules.length ? cfg.rules.map((r) => `CASE WHEN ${cond(r)} THEN ${r.weight} ELSE 0 END`).join(" + ") : "0";
  const reasons = cfg.rules.length ? `NULLIF(concat_ws('；', ${cfg.rules.map((r) => `CASE WHEN ${cond(r)} THEN ${lit(r.label)} END`).join(", ")}), '')` : "NULL";
  const k = "d.k";
  await c.query(`
    CREATE TEMP TABLE gd AS
    SELECT x.*,
           CASE WHEN x.repeat_calls >= 3 OR x.threats OR x.weapons THEN ${weighted([["YELLOW", 75], ["RED", 10], ["BLUE", 15]], `pg_temp.rnd(k, 58)`)}
                ELSE ${weighted([["BLUE", 88], ["YELLOW", 11], ["RED", 1]], `pg_temp.rnd(k, 58)`)} END AS tier
    FROM (
      SELECT a.unit_id, a.code AS unit_code, a.path AS unit_path, s, (a.unit_id::bigint * 10000000 + s) AS k,
             ${dt(ctx.start)} + floor(${days} * ${when("a.unit_id::bigint * 10000000 + s", 50)})::int AS found_on,
             ${weighted(DISPUTE_CATEGORIES, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 51)")} AS category,
             ${weighted([["0", 80], ["1", 12], ["2", 5], ["3", 2], ["4", 0.7], ["5", 0.3]], "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 52)")}::int AS repeat_calls,
             pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 53) < 0.012 AS threats,
             pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 54) < 0.004 AS weapons,
             2 + floor(3 * pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 55) ^ 3)::int AS party_count
      FROM alloc_disputes a, generate_series(1, a.n) s
    ) x`);
  // status: recent ones still open; most mediated (98.45 % successfully); resolved 0–10 (20 %: 11–60) days later
  await c.query(`
    CREATE TEMP TABLE gd2 AS
    SELECT d.*, d.category IN ('家庭矛盾', '婚恋纠葛') AND pg_temp.rnd(${k}, 56) < 0.05 AS domestic_violence,
           CASE WHEN age < 10 AND pg_temp.rnd(${k}, 60) < 0.5 THEN CASE WHEN pg_temp.rnd(${k}, 61) < 0.5 THEN '调解中' ELSE '排查中' END
                WHEN med THEN CASE WHEN ok THEN '已化解' WHEN pg_temp.rnd(${k}, 62) < 0.5 THEN '未化解' ELSE '稳控中' END
                WHEN age < 60 AND pg_temp.rnd(${k}, 63) < 0.3 THEN '调解中'
                ELSE ${weighted([["已化解", 75], ["稳控中", 15], ["未化解", 10]], `pg_temp.rnd(${k}, 64)`)} END AS status
    FROM (
      SELECT d.*, ${dt(ctx.today)} - d.found_on AS age,
             NOT (${dt(ctx.today)} - d.found_on < 10 AND pg_temp.rnd(${k}, 60) < 0.5) AND pg_temp.rnd(${k}, 65) < 0.9 AS med,
             pg_temp.rnd(${k}, 66) < 0.9845 AS ok
      FROM gd d
    ) d`);
  await c.query(`
    INSERT INTO disputes (code, unit_id, unit_path, category, summary, parties, party_count, town, village, found_on, source, mediation_body, police_mediation,
                          status, mediated, mediation_succeeded, resolved_on, outcome, risk_tier, repeat_calls, threats, weapons, domestic_violence,
                          warning_score, warning_reasons, warning_flagged, version, created_at, updated_at)
    SELECT ${codeExpr("JF", "d.unit_code", "d.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY d.unit_id, d.yr ORDER BY d.found_on, d.s)")},
           d.unit_id, d.unit_path, d.category,
           d.village || '居民之间因' || d.category || '引发纠纷', ${pickOf(SURNAMES, `pg_temp.rnd(${k}, 70)`)} || '某某与' || ${pickOf(SURNAMES, `pg_temp.rnd(${k}, 71)`)} || '某某等',
           d.party_count, d.town, d.village, d.found_on,
           ${weighted([["排查", 35], ["110警情", 25], ["群众来访", 15], ["网格员上报", 15], ["信访转办", 6], ["其他", 4]], `pg_temp.rnd(${k}, 72)`)},
           d.body, coalesce(d.body IN ('警调对接调解室', '派出所调解'), false), d.status, d.med, d.med AND d.ok, d.resolved_on,
           CASE WHEN d.status = '已化解' THEN '经调解，双方达成和解协议。' WHEN d.status IN ('未化解', '稳控中') THEN '调解未成，落实稳控措施。' END,
           d.risk_tier, d.repeat_calls, d.threats, d.weapons, d.domestic_violence,
           d.score, d.reasons, d.score >= ${cfg.threshold}, 1,
           LEAST(${atBeijing("d.found_on", `9 + 8 * pg_temp.rnd(${k}, 73)`)}, ${ts(ctx.now)}),
           LEAST(${atBeijing("coalesce(d.resolved_on, d.found_on)", `9 + 8 * pg_temp.rnd(${k}, 74)`)}, ${ts(ctx.now)})
    FROM (
      SELECT e.*, ${score} AS score, ${reasons} AS reasons FROM (
        SELECT d.*, EXTRACT(year FROM found_on)::int AS yr, tier::"RiskTier" AS risk_tier,
               ${pickOf(TOWNS, `pg_temp.rnd(${k}, 75)`)} AS town, ${pickOf(VILLAGES, `pg_temp.rnd(${k}, 76)`)} AS village,
               CASE WHEN d.status = '已化解' THEN LEAST(d.found_on + CASE WHEN pg_temp.rnd(${k}, 77) < 0.8 THEN floor(11 * pg_temp.rnd(${k}, 78)) ELSE 11 + floor(50 * pg_temp.rnd(${k}, 78)) END::int, ${dt(ctx.today)}) END AS resolved_on,
               CASE WHEN d.status IN ('排查中') THEN NULL
                    ELSE ${weighted([["人民调解委员会", 50], ["派出所调解", 12], ["警调对接调解室", 15], ["司法所", 10], ["行业性专业性调解组织", 5], ["律师调解工作室", 3], ["法院诉前调解", 3], ["其他", 2]], `pg_temp.rnd(${k}, 79)`)} END AS body
        FROM gd2 d
      ) e
    ) d
    ${counterJoin("JF", "d", "d.yr")}`);
  await c.query(`DROP TABLE gd, gd2, alloc_disputes`);
}

// ── 创稳工作台账 / 制度机制 / 矛盾问题 ──────────────────────────────────────────────────────────────────────────

async function stability(c: pg.Client, ctx: Ctx, target: number) {
  const have = await count(c, ["stability_events"]);
  await alloc(c, "stability", Math.max(0, target - have));
  const span = (ctx.now.getTime() - ctx.start.getTime()) / 1000;
  const k = "e.k";
  await c.query(`
    INSERT INTO stability_events (code, unit_id, unit_path, title, occurred_at, place, scale, nature, grade, handling, outcome, status, version, created_at, updated_at)
    SELECT ${codeExpr("CW", "e.unit_code", "e.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY e.unit_id, e.yr ORDER BY e.s)")},
           e.unit_id, e.unit_path, e.place || e.nature || '情况', e.occurred_at, e.place,
           CASE WHEN e.nature = '群体性事件' THEN 10 + floor(60 * pg_temp.rnd(${k}, 83))::int END, e.nature,
           ${weighted([["一般", 82], ["较大", 14], ["重大", 4]], `pg_temp.rnd(${k}, 84)`)}, '及时启动预案，落实现场处置和稳控措施。',
           CASE WHEN e.status <> '处置中' THEN '事态平稳，未发生次生问题。' END, e.status, 1,
           LEAST(e.occurred_at + interval '3 hours', ${ts(ctx.now)}), LEAST(e.occurred_at + interval '3 days', ${ts(ctx.now)})
    FROM (
      SELECT x.*, EXTRACT(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS yr,
             CASE WHEN occurred_at > ${ts(ctx.now)} - interval '7 days' THEN '处置中' ELSE ${weighted([["已处置", 85], ["持续关注", 15]], `pg_temp.rnd(x.k, 85)`)} END AS status
      FROM (
        SELECT a.unit_id, a.code AS unit_code, a.path AS unit_path, s, (a.unit_id::bigint * 10000000 + s) AS k,
               ${pickOf(TOWNS, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 80)")} AS place,
               ${weighted(STABILITY_NATURES, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 81)")} AS nature,
               LEAST(${ts(ctx.start)} + ${span} * ${when("a.unit_id::bigint * 10000000 + s", 82)} * interval '1 second', ${ts(ctx.now)} - interval '1 hour') AS occurred_at
        FROM alloc_stability a, generate_series(1, a.n) s
      ) x
    ) e
    ${counterJoin("CW", "e", "e.yr")}`);
  await c.query(`DROP TABLE alloc_stability`);
}

async function mechanisms(c: pg.Client, ctx: Ctx, target: number) {
  const have = await count(c, ["mechanisms"]);
  await alloc(c, "mechanisms", Math.max(0, target - have));
  const days = Math.round((ctx.today.getTime() - ctx.start.getTime()) / 86_400_000) - 7;
  const k = "m.k";
  await c.query(`
    INSERT INTO mechanisms (code, unit_id, unit_path, name, action, issuer, doc_no, issued_on, task_codes, content, evaluation, version, created_at, updated_at)
    SELECT ${codeExpr("ZD", "m.unit_code", "m.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY m.unit_id, m.yr ORDER BY m.issued_on, m.s)")},
           m.unit_id, m.unit_path, ${pickOf(MECHANISMS, `pg_temp.rnd(${k}, 90)`)}, m.action, '公安局',
           '公发〔' || m.yr || '〕' || (1 + floor(120 * pg_temp.rnd(${k}, 91)))::int || '号', m.issued_on, NULL,
           '明确职责分工、工作流程和考核要求。', CASE WHEN m.issued_on < ${dt(ctx.today)} - 120 THEN '运行良好，成效明显。' END, 1,
           ${atBeijing("m.issued_on", "10")}, ${atBeijing("m.issued_on", "10")}
    FROM (
      SELECT x.*, EXTRACT(year FROM issued_on)::int AS yr FROM (
        SELECT a.unit_id, a.code AS unit_code, a.path AS unit_path, s, (a.unit_id::bigint * 10000000 + s) AS k,
               ${dt(ctx.start)} + floor(${days} * ${when("a.unit_id::bigint * 10000000 + s", 92)})::int AS issued_on,
               ${weighted([["新建", 75], ["修订", 20], ["废止", 5]], "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 93)")} AS action
        FROM alloc_mechanisms a, generate_series(1, a.n) s
      ) x
    ) m
    ${counterJoin("ZD", "m", "m.yr")}`);
  await c.query(`DROP TABLE alloc_mechanisms`);
}

async function problems(c: pg.Client, ctx: Ctx, total: number) {
  await alloc(c, "problems", total);
  const days = Math.round((ctx.today.getTime() - ctx.start.getTime()) / 86_400_000);
  const k = "p.k";
  await c.query(`
    INSERT INTO problem_items (code, unit_id, unit_path, source, category, title, description, town, village, parties, officer_name, found_on, deadline,
                               risk_tier, stage, follow_up, closed_on, version, created_at, updated_at)
    SELECT ${codeExpr("WT", "p.unit_code", "p.yr", "coalesce(cc.value, 0) + row_number() OVER (PARTITION BY p.unit_id, p.yr ORDER BY p.found_on, p.s)")},
           p.unit_id, p.unit_path, ${weighted([["排查", 45], ["110警情", 20], ["信访", 15], ["情报", 12], ["其他", 8]], `pg_temp.rnd(${k}, 100)`)},
           p.category, p.village || p.category || '问题', '群众反映' || p.category || '问题，需跟进化解。', p.town, p.village,
           ${pickOf(SURNAMES, `pg_temp.rnd(${k}, 101)`)} || '某某等', ${pickOf(SURNAMES, `pg_temp.rnd(${k}, 102)`)} || ${pickOf(GIVEN, `pg_temp.rnd(${k}, 103)`)},
           p.found_on, p.found_on + p.span, p.tier::"RiskTier",
           CASE WHEN p.closed THEN '销号' WHEN p.age < 3 THEN '排查' ELSE ${weighted([["分流", 1], ["化解", 3], ["稳控", 1]], `pg_temp.rnd(${k}, 104)`)} END,
           CASE WHEN p.closed AND pg_temp.rnd(${k}, 105) < 0.7 THEN '已回访，问题未反弹。' END,
           CASE WHEN p.closed THEN p.closed_on END, 1,
           ${atBeijing("p.found_on", "10")}, ${atBeijing("CASE WHEN p.closed THEN p.closed_on ELSE p.found_on END", "11")}
    FROM (
      SELECT x.*, EXTRACT(year FROM found_on)::int AS yr, ${dt(ctx.today)} - found_on AS age,
             closed_on <= ${dt(ctx.today)} AND NOT (${dt(ctx.today)} - found_on > 90 AND pg_temp.rnd(x.k, 106) < 0.015)
               AND NOT (${dt(ctx.today)} - found_on < 20 AND pg_temp.rnd(x.k, 107) < 0.5) AS closed
      FROM (
        SELECT y.*, y.found_on + CASE WHEN pg_temp.rnd(y.k, 108) < 0.9 THEN 1 + floor(y.span * pg_temp.rnd(y.k, 109)) ELSE y.span + 1 + floor(30 * pg_temp.rnd(y.k, 109)) END::int AS closed_on
        FROM (
          SELECT z.*, CASE z.tier WHEN 'RED' THEN 7 + floor(9 * pg_temp.rnd(z.k, 110)) WHEN 'YELLOW' THEN 15 + floor(16 * pg_temp.rnd(z.k, 110)) ELSE 20 + floor(41 * pg_temp.rnd(z.k, 110)) END::int AS span
          FROM (
            SELECT a.unit_id, a.code AS unit_code, a.path AS unit_path, s, (a.unit_id::bigint * 10000000 + s) AS k,
                   ${dt(ctx.start)} + floor(${days} * ${when("a.unit_id::bigint * 10000000 + s", 111)})::int AS found_on,
                   ${weighted(DISPUTE_CATEGORIES, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 112)")} AS category,
                   ${weighted([["BLUE", 72], ["YELLOW", 22], ["RED", 6]], "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 113)")} AS tier,
                   ${pickOf(TOWNS, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 114)")} AS town,
                   ${pickOf(VILLAGES, "pg_temp.rnd(a.unit_id::bigint * 10000000 + s, 115)")} AS village
            FROM alloc_problems a, generate_series(1, a.n) s
          ) z
        ) y
      ) x
    ) p
    ${counterJoin("WT", "p", "p.yr")}`);
  await c.query(`DROP TABLE alloc_problems`);
}

// ── 进展报告 ─────────────────────────────────────────────────────────────────────────────────────────────────

/** More progress reports on the started assignments (dated between the start of work and its submission). */
async function progressUpdates(c: pg.Client, ctx: Ctx, target: number) {
  const have = await count(c, ["progress_updates"]);
  const extra = target - have;
  if (extra <= 0) return;
  const now = ts(ctx.now);
  await c.query(`
    INSERT INTO progress_updates (assignment_id, unit_path, percent, content, created_at)
    SELECT x.id, x.unit_path, GREATEST(5, LEAST(x.progress, 5 * floor(x.progress * x.pos / 5)))::int,
           ${pickOf(["召开专题会议，研究部署推进措施。", "细化任务分工，明确责任人和时间节点。", "开展督导检查，推动各项措施落实。", "阶段性工作已完成，正在整理佐证材料。", "协调相关部门联合推进，取得阶段性成效。"], "pg_temp.rnd(x.id::bigint * 1000 + x.g, 120)")},
           x.t0 + x.pos * (x.t1 - x.t0)
    FROM (
      SELECT a.id, a.unit_path, a.progress, g, pg_temp.rnd(a.id::bigint * 1000 + g, 121) AS pos,
             a.created_at + interval '20 days' AS t0,
             GREATEST(a.created_at + interval '21 days', LEAST(coalesce(a.submitted_at, a.closed_at, ${now} - interval '1 day'), ${now} - interval '1 day')) AS t1,
             row_number() OVER (ORDER BY g, pg_temp.rnd(a.id, 122)) AS rn
      FROM task_assignments a, generate_series(1, (SELECT ceil(${extra}::float8 / greatest(1, count(*)))::int FROM task_assignments WHERE status <> 'NOT_STARTED')) g
      WHERE a.status <> 'NOT_STARTED'
    ) x
    WHERE x.rn <= ${extra}`);
}

// `npx tsx bench/generate.ts` (BENCH_SCALE=5 for 5 M ledger rows): the generator alone, on a throwaway database (prints the volumes and the time).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { prepareDatabase } = await import("./setup");
  const env = await prepareDatabase((l) => console.log(l));
  try {
    // BENCH_SCALE=5: 5,000,000 ledger rows (issue 14 「数据 ×5」)
    const report = await generateProvince(env.db, env.url, { scale: Number(process.env.BENCH_SCALE ?? 1) });
    console.table(report.counts);
    console.log(`生成用时 ${report.seconds.toFixed(1)} s`);
  } finally {
    await env.close();
  }
}
