// The global search at province scale (issue 12: results in ≤ 300 ms p95): the results page /search?q= and the
// header's suggestions /api/search?q= over HTTP, as the province, a city and a county commander, for several kinds
// of term — a ledger code, a task code, a word of a title, a person, a two-character name (no trigram to use), a term
// found nowhere. Run alone with `npm run bench -- --only search` (full province data); its section of
// bench/RESULTS.md is replaced, the rest is kept.
import pg from "pg";
import { type Jar, type Stats, getPage, login, stats, writeMarkedSection } from "./http";

export const SEARCH_TARGET = 300;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 40);
const WARMUP = 3;
const START = "<!-- search:start -->";
const END = "<!-- search:end -->";

export interface SearchBench {
  runs: number;
  terms: { kind: string; q: string }[];
  rows: { user: string; label: string; kind: string; q: string; page: Stats; hits: number; suggest: Stats }[];
  loadBefore: number;
  loadAfter: number;
}

/** the terms, taken from the generated data so that they find something (except the last) */
async function terms(url: string, county: string): Promise<{ kind: string; q: string }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const one = async (sql: string) => ((await c.query<{ v: string }>(sql)).rows[0]?.v ?? "");
    const code = await one(`SELECT code AS v FROM intel_items WHERE unit_path LIKE '%/${county}/%' ORDER BY id LIMIT 1 OFFSET 50`);
    const task = await one(`SELECT t.code AS v FROM plan_tasks t JOIN plans p ON p.id = t.plan_id AND p.active ORDER BY t.code LIMIT 1`);
    return [
      { kind: "台账编号", q: code },
      { kind: "任务编号", q: task },
      { kind: "标题中的词", q: "群体性上访" },
      { kind: "人名（当事人）", q: "王某某" },
      { kind: "两字词（无三字组）", q: "纠纷" },
      { kind: "查无结果", q: "查无此人此事" },
    ];
  } finally {
    await c.end();
  }
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function measure(f: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await timed(f));
  return stats(xs);
}

async function getJson(base: string, pathname: string, jar: Jar): Promise<unknown> {
  const res = await fetch(`${base}${pathname}`, { headers: { cookie: jar.header(), accept: "application/json" } });
  if (res.status !== 200) throw new Error(`${pathname}: HTTP ${res.status}`);
  return res.json();
}

export async function benchSearch(opts: { base: string; url: string; users: { user: string; label: string }[]; county: string; log: (l: string) => void }): Promise<SearchBench> {
  const loadBefore = (await import("node:os")).loadavg()[0];
  const list = await terms(opts.url, opts.county);
  const rows: SearchBench["rows"] = [];
  for (const u of opts.users) {
    const jar = await login(opts.base, u.user);
    for (const t of list) {
      const path = `/search?${new URLSearchParams({ q: t.q })}`;
      const html = await getPage(opts.base, path, jar);
      const hits = (html.match(/<li class="px-4 py-2">/g) ?? []).length;
      const page = await measure(() => getPage(opts.base, path, jar));
      const suggest = await measure(() => getJson(opts.base, `/api/search?${new URLSearchParams({ q: t.q })}`, jar));
      rows.push({ user: u.user, label: u.label, kind: t.kind, q: t.q, page, hits, suggest });
      opts.log(`[bench] 搜索 ${u.label}「${t.q}」（${t.kind}）：结果页 p95 ${page.p95.toFixed(0)} ms（${hits} 条），建议 p95 ${suggest.p95.toFixed(0)} ms`);
    }
  }
  return { runs: RUNS, terms: list, rows, loadBefore, loadAfter: (await import("node:os")).loadavg()[0] };
}

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export function searchSection(s: SearchBench): string {
  const worst = Math.max(...s.rows.map((r) => Math.max(r.page.p95, r.suggest.p95)));
  const lines = [
    START,
    "## 全局搜索（HTTP，全省规模合成数据）",
    "",
    `| 用户 | 搜索词（类别） | 结果页 /search p50 / p95 / max | 命中（条，每类最多 20） | 建议 /api/search p50 / p95 | 目标 | 结果 |`,
    "|---|---|--:|--:|--:|---|---|",
    ...s.rows.map((r) => {
      const ok = r.page.p95 <= SEARCH_TARGET && r.suggest.p95 <= SEARCH_TARGET;
      return `| ${r.label} | 「${r.q}」（${r.kind}） | ${f1(r.page.p50)} / ${f1(r.page.p95)} / ${f1(r.page.max)} | ${r.hits} | ${f1(r.suggest.p50)} / ${f1(r.suggest.p95)} | p95 ≤ ${SEARCH_TARGET} ms | ${ok ? "通过" : "未达标"} |`;
    }),
    "",
    `每格 ${WARMUP} 次预热后顺序测量 ${s.runs} 次（毫秒，整页流式响应读完为止），最差 p95 ${f1(worst)} ms。查询：\`lib/search/queries.ts\`（任务、规划任务和 11 个清单台账同时查，每类最多 20 条，按用户的管辖范围），`
    + "完整编号走 `code` 的唯一索引；三个字及以上用每表一个 pg_trgm GIN 索引（编号、标题与人名字段拼接的表达式，`lib/search/spec.ts`），按 id 倒序取前 21 条；"
    + "两个字的词没有三字组可用，逐列 LIKE 顺序扫描、不排序（常见词读到 21 条即停；全省范围内少见的两字词要读完整张表，是最慢的一类）。"
    + `开始 / 结束时负载（1 分钟平均，2 核）${s.loadBefore.toFixed(1)} / ${s.loadAfter.toFixed(1)}：测量时其他工程师的构建与测试同在这台机器上运行，墙钟时间偏大（看 p50 与 p95 之差）。单独运行：\`npm run bench -- --only search\`。`,
    END,
  ];
  return lines.join("\n");
}

export function searchTable(s: SearchBench): string[] {
  return s.rows.map((r) => `${r.label.padEnd(8)} ${r.kind.padEnd(12)} 结果页 p95 ${f1(r.page.p95).padStart(6)} ms  建议 p95 ${f1(r.suggest.p95).padStart(6)} ms  命中 ${r.hits}`);
}

/** Replaces the search section of RESULTS.md (first time: before the KPI table). */
export function writeSearchSection(file: string, s: SearchBench) {
  writeMarkedSection(file, START, END, searchSection(s), "## 各项 KPI");
}
