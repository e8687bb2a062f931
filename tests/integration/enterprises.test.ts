// 包抓联: the enterprise roster and its three ledgers (走访、诉求、涉企案件) through the ledger machinery — USCC
// validation and uniqueness, links by enterprise code within scope, presets, import — and the demo roster seed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { LEDGERS } from "@/lib/ledgers/configs";
import { runImportJob } from "@/lib/imports/runner";
import { ledgerImportAction } from "@/lib/ledgers/import";
import { listLedger, parseLedgerParams } from "@/lib/ledgers/queries";
import { checkUscc } from "@/lib/ledgers/uscc";
import { seedDemoEnterprises } from "@/lib/seed/demo-enterprises";
import { addDays, dayString, shanghaiToday } from "@/lib/time";
import { type TestDatabase, createTestDatabase, setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { LEDGER_SAMPLES, freshUscc, makeLedgerInput } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

type Actor = Awaited<ReturnType<typeof makeUser>>;

async function attempt(actor: Actor, ledger: string, unitCode: string, values: Record<string, unknown>) {
  return executeAction(ledgerCreateAction, t.db, actor, "10.0.0.9", { ledger, unitId: (await unitByCode(t.db, unitCode)).id, ...values });
}

async function create(actor: Actor, ledger: string, unitCode: string, values: Record<string, unknown>) {
  const r = await attempt(actor, ledger, unitCode, values);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: number; code: string } }).data;
}

const enterprise = (overrides: Record<string, string> = {}) => ({ ...LEDGER_SAMPLES.enterprises, uscc: freshUscc("620102"), ...overrides });

describe("包抓联重点企业", () => {
  it("creates an enterprise with a valid USCC (typed in lower case, stored in upper case)", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const uscc = freshUscc("620102");
    const { id, code } = await create(officer, "enterprises", "620102", enterprise({ uscc: ` ${uscc.toLowerCase()} ` }));
    expect(code).toMatch(/^QY-620102-2025-\d{4}$/);
    const row = await t.db.enterprise.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ uscc, name: LEDGER_SAMPLES.enterprises.name, industry: "装备制造", level: "市级重点", status: "包抓中", escortBadge: "012345" });
    expect(await t.db.auditLog.count({ where: { action: "ledger.create", entity: "enterprise", entityId: String(id) } })).toBe(1);
  });

  it("a wrong check character is a field error on uscc and writes nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const good = freshUscc("620102");
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const before = await snapshot(t.db);
    const r = await attempt(officer, "enterprises", "620102", enterprise({ uscc: wrong }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe("INVALID");
    expect(!r.ok && r.fieldErrors?.uscc).toBe(`校验位错误，应为 ${good[17]}`);
    const short = await attempt(officer, "enterprises", "620102", enterprise({ uscc: good.slice(0, 15) }));
    expect(!short.ok && short.fieldErrors?.uscc).toMatch(/应为 18 位/);
    const letters = await attempt(officer, "enterprises", "620102", enterprise({ uscc: `${good.slice(0, 8)}O${good.slice(9)}`, escortBadge: "12a45" }));
    expect(!letters.ok && letters.fieldErrors?.uscc).toMatch(/含有不允许的字符 O/);
    expect(!letters.ok && letters.fieldErrors?.escortBadge).toBe("警号应为 6 位数字");
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("a duplicate USCC is refused with 已存在相同的值 and writes nothing, on create and on update", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const uscc = freshUscc("620102");
    await create(officer, "enterprises", "620102", enterprise({ uscc }));
    const before = await snapshot(t.db);
    const dup = await attempt(officer, "enterprises", "620102", enterprise({ uscc: uscc.toLowerCase(), name: "另一家企业有限公司" }));
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.code).toBe("INVALID");
    expect(!dup.ok && dup.error).toBe("与已有记录重复");
    expect(Object.values((!dup.ok && dup.fieldErrors) || {})).toEqual(["已存在相同的值"]);
    expect(await snapshot(t.db)).toEqual(before);

    const other = await create(officer, "enterprises", "620102", enterprise());
    const upd = await executeAction(ledgerUpdateAction, t.db, officer, null, { ledger: "enterprises", id: other.id, version: 1, ...enterprise({ uscc }) });
    expect(Object.values((!upd.ok && upd.fieldErrors) || {})).toEqual(["已存在相同的值"]);
    expect((await t.db.enterprise.findUniqueOrThrow({ where: { id: other.id } })).version).toBe(1);
  });

  // KNOWN GAP: lib/actions/core.ts (uniqueViolation) reads constraint.fields or meta.target, but the pg driver
  // adapter reports only constraint.index ("enterprises_uscc_key"), so the error is keyed "_form", not "uscc".
  // Remove `.fails` once core.ts maps "<table>_<column>_key" to the column.
  it("a duplicate USCC is keyed on the uscc field", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const uscc = freshUscc("620102");
    await create(officer, "enterprises", "620102", enterprise({ uscc }));
    const dup = await attempt(officer, "enterprises", "620102", enterprise({ uscc }));
    expect(!dup.ok && dup.fieldErrors).toEqual({ uscc: "已存在相同的值" });
  });

  it("presets 无护航警官 / 包抓中 and the red 无护航警官 cell", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620111");
    const bare = await create(officer, "enterprises", "620111", enterprise({ escortName: "", escortBadge: "", escortPhone: "" }));
    const gone = await create(officer, "enterprises", "620111", enterprise({ status: "已退出" }));
    const cfg = LEDGERS.enterprises;
    const scope = scopeFor((await unitByCode(t.db, "620111")).path);
    const ids = async (preset: string) => (await listLedger(t.db, cfg, scope, parseLedgerParams(cfg, { preset }))).rows.map((r) => r.id);
    expect(await ids("noEscort")).toEqual([bare.id]);
    expect(await ids("active")).toEqual([bare.id]);
    expect(await ids("")).toEqual(expect.arrayContaining([bare.id, gone.id]));
    const row = await t.db.enterprise.findUniqueOrThrow({ where: { id: bare.id } });
    expect(cfg.derived!(row, new Date())).toEqual([{ label: "护航", text: "无护航警官", tone: "red" }]);
    // a badge without a name is refused
    const r = await attempt(officer, "enterprises", "620111", enterprise({ escortName: "" }));
    expect(!r.ok && r.fieldErrors?.escortName).toMatch(/护航警官姓名/);
  });
});

describe("走访、诉求、涉企案件", () => {
  it("a visit is linked to its enterprise by code (stored in enterprise_id, listed both ways)", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const ent = await create(officer, "enterprises", "620102", enterprise());
    const visit = await create(officer, "visits", "620102", { ...LEDGER_SAMPLES.visits, enterpriseCode: ent.code });
    expect(visit.code).toMatch(/^ZF-620102-2025-\d{4}$/);
    expect((await t.db.enterpriseVisit.findUniqueOrThrow({ where: { id: visit.id } })).enterpriseId).toBe(ent.id);
    const cfg = LEDGERS.visits;
    const listed = await listLedger(t.db, cfg, scopeFor("/62/6201/"), parseLedgerParams(cfg, { q: visit.code }));
    expect(listed.rows[0].links).toEqual({ enterpriseCode: [ent.code] });
    // required: a visit without an enterprise is refused
    const none = await attempt(officer, "visits", "620102", { ...LEDGER_SAMPLES.visits });
    expect(!none.ok && none.fieldErrors?.enterpriseCode).toBe("请填写关联企业编号");
    // an unknown code
    const unknown = await attempt(officer, "visits", "620102", { ...LEDGER_SAMPLES.visits, enterpriseCode: "QY-620102-2025-9999" });
    expect(!unknown.ok && unknown.code).toBe("NOT_FOUND");
  });

  it("a demand linking an enterprise of another city is refused as not found and writes nothing", async () => {
    const tianshui = await makeUser(t.db, "OFFICER", "620502");
    const lanzhou = await makeUser(t.db, "OFFICER", "620102");
    const theirs = await create(tianshui, "enterprises", "620502", enterprise({ uscc: freshUscc("620502") }));
    const before = await snapshot(t.db);
    const r = await attempt(lanzhou, "demands", "620102", { ...LEDGER_SAMPLES.demands, enterpriseCode: theirs.code });
    expect(!r.ok && r.code).toBe("NOT_FOUND");
    expect(!r.ok && r.fieldErrors?.enterpriseCode).toMatch(/不存在或不在您的管辖范围内/);
    expect(await snapshot(t.db)).toEqual(before);
    // the 天水 officer may
    await create(tianshui, "demands", "620502", { ...LEDGER_SAMPLES.demands, enterpriseCode: theirs.code });
  });

  it("demand rules, 超30天未办结 and the waiting time", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620104");
    const values = await makeLedgerInput(t.db, "demands", "620104");
    const noDate = await attempt(officer, "demands", "620104", { ...values, resolvedOn: "" });
    expect(!noDate.ok && noDate.fieldErrors?.resolvedOn).toBe("办理状态为已解决时须填写办结日期");
    const early = await attempt(officer, "demands", "620104", { ...values, resolvedOn: "2025-03-01" });
    expect(!early.ok && early.fieldErrors?.resolvedOn).toBe("办结日期不能早于提出日期");

    const today = shanghaiToday();
    const open = { ...values, status: "办理中", resolvedOn: "", satisfaction: "" };
    const old = await create(officer, "demands", "620104", { ...open, raisedOn: dayString(addDays(today, -45)) });
    const fresh = await create(officer, "demands", "620104", { ...open, raisedOn: dayString(addDays(today, -10)) });
    const edge = await create(officer, "demands", "620104", { ...open, raisedOn: dayString(addDays(today, -30)) });
    const done = await create(officer, "demands", "620104", values);
    const cfg = LEDGERS.demands;
    const scope = scopeFor((await unitByCode(t.db, "620104")).path);
    const ids = async (preset: string) => (await listLedger(t.db, cfg, scope, parseLedgerParams(cfg, { preset }))).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids("overdue")).toEqual([old.id]);
    expect(await ids("open")).toEqual([old.id, fresh.id, edge.id].sort((a, b) => a - b));
    const derived = async (id: number) => cfg.derived!(await t.db.enterpriseDemand.findUniqueOrThrow({ where: { id } }), new Date());
    expect(await derived(old.id)).toEqual([{ label: "时长", text: "已等待 45 天", tone: "red" }]);
    expect(await derived(fresh.id)).toEqual([{ label: "时长", text: "已等待 10 天", tone: "blue" }]);
    expect(await derived(done.id)).toEqual([{ label: "时长", text: "办结天数 10 天", tone: "green" }]);
  });

  it("cases: the enterprise link is optional; recovered amounts cannot exceed the loss", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const unlinked = await create(officer, "ent_cases", "620102", { ...LEDGER_SAMPLES.ent_cases, caseNo: "a6201020000002025030002" });
    const row = await t.db.enterpriseCase.findUniqueOrThrow({ where: { id: unlinked.id } });
    expect(row).toMatchObject({ enterpriseId: null, caseNo: "A6201020000002025030002", lossAmount: 380000, recoveredAmount: 120000 });
    expect(unlinked.code).toMatch(/^SA-620102-2025-\d{4}$/);
    const r = await attempt(officer, "ent_cases", "620102", { ...LEDGER_SAMPLES.ent_cases, recoveredAmount: "380001" });
    expect(!r.ok && r.fieldErrors?.recoveredAmount).toBe("挽回损失不能大于损失金额");
    const solved = await create(officer, "ent_cases", "620102", { ...(await makeLedgerInput(t.db, "ent_cases", "620102")), status: "移送起诉" });
    const cfg = LEDGERS.ent_cases;
    const hits = (await listLedger(t.db, cfg, scopeFor("/62/6201/620102/"), parseLedgerParams(cfg, { preset: "solved" }))).rows.map((x) => x.id);
    expect(hits).toContain(solved.id);
    expect(hits).not.toContain(unlinked.id);
  });

  it("imports visits linked by enterprise code, and enterprises with their USCC checked line by line", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620103");
    const ent = await create(officer, "enterprises", "620103", enterprise({ uscc: freshUscc("620103") }));
    const csv = (text: string, name: string) => new File([new TextEncoder().encode(text)], name, { type: "text/csv" });
    const run = async (ledger: string, file: File) => {
      const r = await executeAction(ledgerImportAction, t.db, officer, null, { ledger, unitId: (await unitByCode(t.db, "620103")).id, file });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      const jobId = (r as { data: { jobId: number } }).data.jobId;
      return { status: await runImportJob(t.db, jobId), job: await t.db.importJob.findUniqueOrThrow({ where: { id: jobId } }) };
    };
    const visits = await run("visits", csv(`关联企业编号,走访日期,走访民警,走访形式,走访内容\n${ent.code},2025-04-01,张伟,上门走访,了解生产经营情况\n${ent.code},2025-05-01,张伟,座谈会,通报涉企治安形势\n`, "走访.csv"));
    expect(visits.status, JSON.stringify(visits.job.errors)).toBe("DONE");
    expect(await t.db.enterpriseVisit.count({ where: { enterpriseId: ent.id } })).toBe(2);

    const good = freshUscc("620103");
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const header = "企业名称,统一社会信用代码,所属行业,包抓级别,包抓状态,纳入日期\n";
    const rejected = await run("enterprises", csv(`${header}甲公司,${good.toLowerCase()},其他,县级重点,包抓中,2025-01-02\n乙公司,${bad},其他,县级重点,包抓中,2025-01-02\n`, "企业.csv"));
    expect(rejected.status).toBe("FAILED");
    expect(rejected.job.errors).toEqual([{ line: 3, column: "统一社会信用代码", message: `校验位错误，应为 ${good[17]}` }]);
    const accepted = await run("enterprises", csv(`${header}甲公司,${good.toLowerCase()},其他,县级重点,包抓中,2025-01-02\n`, "企业.csv"));
    expect(accepted.status).toBe("DONE");
    expect(await t.db.enterprise.count({ where: { uscc: good } })).toBe(1);
  });
});

describe("demo roster seed", () => {
  let s: TestDatabase;
  beforeAll(async () => {
    s = await createTestDatabase();
  });
  afterAll(async () => {
    await s?.db.$disconnect();
  });
  const q = <T = Record<string, unknown>>(sql: string) => s.db.$queryRawUnsafe<T[]>(sql);
  const one = async (sql: string) => Number(Object.values((await q(sql))[0])[0]);

  it("fills the roster and its ledgers fast, consistently and once", async () => {
    const t0 = performance.now();
    const report = await seedDemoEnterprises(s.db);
    const ms = performance.now() - t0;
    console.log(`demo roster seed: ${(ms / 1000).toFixed(1)} s`, report);
    // 4,850 in the roster at the end of 2023 (the published figure), some left before, about 7 % a year joined since
    expect(report.enterprises).toBeGreaterThan(4850 * 1.1);
    expect(report.enterprises).toBeLessThan(4850 * 1.4);
    expect(await one("SELECT count(*) FROM enterprises WHERE enrolled_on <= '2023-12-31' AND status = '包抓中'")).toBe(4850);
    expect(await one("SELECT count(DISTINCT escort_badge) FROM enterprises WHERE enrolled_on <= '2023-12-31' AND status = '包抓中'")).toBe(1949);
    expect(report.visits).toBeGreaterThan(40_000);
    expect(report.visits).toBeLessThan(130_000);
    expect(report.demands).toBeGreaterThan(12_000);
    expect(report.demands).toBeLessThan(30_000);
    expect(report.cases).toBeGreaterThan(700);
    expect(report.cases).toBeLessThan(2500);
    expect(await one("SELECT count(*) FROM enterprises")).toBe(report.enterprises);
    expect(await one("SELECT count(*) FROM enterprise_visits")).toBe(report.visits);
    expect(await one("SELECT count(*) FROM enterprise_demands")).toBe(report.demands);
    expect(await one("SELECT count(*) FROM enterprise_cases")).toBe(report.cases);

    // every county-level unit (86 + 兰州新区), more in 兰州, 天水, 酒泉, 庆阳
    const perCounty = await q<{ code: string; city: string; n: bigint }>(
      "SELECT u.code, p.code AS city, count(e.id) AS n FROM units u JOIN units p ON p.id = u.parent_id LEFT JOIN enterprises e ON e.unit_id = u.id WHERE u.level = 'COUNTY' GROUP BY u.code, p.code",
    );
    expect(perCounty).toHaveLength(87);
    expect(perCounty.filter((r) => Number(r.n) < 10)).toEqual([]);
    const perCity = new Map<string, number>();
    for (const r of perCounty) perCity.set(r.city, (perCity.get(r.city) ?? 0) + Number(r.n));
    const big = ["6201", "6205", "6209", "6210"].map((c) => perCity.get(c)! / perCounty.filter((r) => r.city === c).length);
    const small = ["6203", "6204", "6206", "6207", "6208", "6211", "6212", "6229", "6230"].map((c) => perCity.get(c)! / perCounty.filter((r) => r.city === c).length);
    expect(Math.min(...big)).toBeGreaterThan(Math.max(...small) * 0.9);
    expect(perCity.get("6201")).toBeGreaterThan(800);

    // USCC: all valid, unique, registered in the enterprise's county
    const usccs = await q<{ uscc: string; unit: string }>("SELECT e.uscc, u.code AS unit FROM enterprises e JOIN units u ON u.id = e.unit_id");
    expect(usccs.filter((r) => checkUscc(r.uscc) !== null)).toEqual([]);
    expect(usccs.filter((r) => r.uscc.slice(2, 8) !== r.unit)).toEqual([]);
    expect(new Set(usccs.map((r) => r.uscc)).size).toBe(usccs.length);

    // 护航警官: ~93 % of the 2023 roster covered (1,949 officers), more officers since, 6-digit badges, 2–3 enterprises each
    const escorted = await one("SELECT count(*) FROM enterprises WHERE escort_name IS NOT NULL AND enrolled_on <= '2023-12-31' AND status = '包抓中'");
    expect(escorted / 4850).toBeGreaterThan(0.91);
    expect(escorted / 4850).toBeLessThan(0.95);
    const officers = await q<{ badge: string; n: bigint; names: bigint }>("SELECT escort_badge AS badge, count(*) AS n, count(DISTINCT escort_name) AS names FROM enterprises WHERE escort_badge IS NOT NULL GROUP BY escort_badge");
    expect(officers.length).toBeGreaterThan(1949);
    expect(officers.length).toBeLessThan(1949 * 1.4);
    expect(officers.filter((o) => !/^\d{6}$/.test(o.badge) || Number(o.n) < 2 || Number(o.n) > 3 || Number(o.names) !== 1)).toEqual([]);
    expect(await one("SELECT count(*) FROM enterprises WHERE (escort_name IS NULL) <> (escort_badge IS NULL)")).toBe(0);

    // dates: enrolled 2021-01 … last month; visits within the enterprise's time on the roster
    const today = shanghaiToday();
    const lastMonthEnd = dayString(addDays(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), -1));
    expect(await one(`SELECT count(*) FROM enterprises WHERE enrolled_on < '2021-01-01' OR enrolled_on > '${lastMonthEnd}'`)).toBe(0);
    expect(await one(`SELECT count(*) FROM enterprise_visits v JOIN enterprises e ON e.id = v.enterprise_id WHERE v.visited_on < e.enrolled_on OR v.visited_on > '${lastMonthEnd}' OR v.unit_id <> e.unit_id`)).toBe(0);
    expect(await one("SELECT count(*) FROM enterprise_visits WHERE enterprise_id IS NULL")).toBe(0);
    expect(await one("SELECT count(*) FROM enterprise_demands d JOIN enterprises e ON e.id = d.enterprise_id WHERE d.raised_on < e.enrolled_on OR d.unit_id <> e.unit_id")).toBe(0);

    // demands: ~92 % settled within 3–40 days; the rules of the ledger hold
    const settledFast = await one("SELECT count(*) FROM enterprise_demands WHERE status = '已解决' AND resolved_on - raised_on BETWEEN 3 AND 40");
    expect(settledFast / report.demands).toBeGreaterThan(0.85);
    expect(settledFast / report.demands).toBeLessThan(0.95);
    expect(await one("SELECT count(*) FROM enterprise_demands WHERE (status = '已解决' AND resolved_on IS NULL) OR resolved_on < raised_on OR (status = '办理中' AND (resolved_on IS NOT NULL OR satisfaction IS NOT NULL))")).toBe(0);
    expect(await one("SELECT count(*) FROM enterprise_demands WHERE status = '办理中'")).toBeGreaterThan(0);
    expect(await one("SELECT count(*) FROM enterprise_cases WHERE recovered_amount > loss_amount OR loss_amount IS NULL")).toBe(0);

    // every value fits the ledger's own vocabulary and limits
    for (const key of ["enterprises", "visits", "demands", "ent_cases"] as const) {
      const cfg = LEDGERS[key];
      for (const f of cfg.fields) {
        if (f.type === "links") continue;
        const col = f.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        if (f.required) expect(await one(`SELECT count(*) FROM ${cfg.table} WHERE ${col} IS NULL`), `${key}.${f.key}`).toBe(0);
        if (f.type === "enum") {
          const values = (await q<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM ${cfg.table} WHERE ${col} IS NOT NULL`)).map((r) => r.v);
          expect(values.filter((v) => !f.options!.some((o) => o.value === v)), `${key}.${f.key}`).toEqual([]);
        }
        if (f.type === "text" || f.type === "longtext") expect(await one(`SELECT coalesce(max(char_length(${col})), 0) FROM ${cfg.table}`), `${key}.${f.key}`).toBeLessThanOrEqual(f.max ?? 200);
      }
    }

    // codes: prefix, county and year of the record's date; counters end exactly at the last code
    for (const [key, date] of [["enterprises", "enrolled_on"], ["visits", "visited_on"], ["demands", "raised_on"], ["ent_cases", "filed_on"]] as const) {
      const cfg = LEDGERS[key];
      const wrong = await one(
        `SELECT count(*) FROM ${cfg.table} x JOIN units u ON u.id = x.unit_id WHERE x.code !~ ('^${cfg.codePrefix}-' || u.code || '-' || extract(year FROM x.${date})::int || '-\\d{4,}$') OR x.unit_path <> u.path`,
      );
      expect(wrong, `${key} codes`).toBe(0);
      const mismatched = await q(
        `SELECT used.k, used.m, used.n, c.value FROM (
           SELECT substring(code from '^(.*)-\\d+$') AS k, max(substring(code from '(\\d+)$')::int) AS m, count(*) AS n FROM ${cfg.table} GROUP BY 1
         ) used LEFT JOIN code_counters c ON c.key = used.k WHERE c.value IS DISTINCT FROM used.m OR used.m <> used.n`,
      );
      expect(mismatched, `${key} counters`).toEqual([]);
    }

    // a record added through the app afterwards continues the sequence
    const officer = await makeUser(s.db, "OFFICER", "620102");
    const r = await executeAction(ledgerCreateAction, s.db, officer, null, {
      ledger: "enterprises",
      unitId: (await unitByCode(s.db, "620102")).id,
      ...LEDGER_SAMPLES.enterprises,
      uscc: freshUscc("620102"),
      enrolledOn: "2024-06-01",
    });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const counter = await s.db.codeCounter.findUniqueOrThrow({ where: { key: "QY-620102-2024" } });
    expect((r as { data: { code: string } }).data.code).toBe(`QY-620102-2024-${String(counter.value).padStart(4, "0")}`);

    // a second run adds nothing
    const counts = await q("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM enterprise_visits) AS v, (SELECT count(*) FROM enterprise_demands) AS d, (SELECT count(*) FROM enterprise_cases) AS c, (SELECT sum(value) FROM code_counters) AS k");
    expect(await seedDemoEnterprises(s.db)).toEqual({ enterprises: 0, visits: 0, demands: 0, cases: 0 });
    expect(await q("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM enterprise_visits) AS v, (SELECT count(*) FROM enterprise_demands) AS d, (SELECT count(*) FROM enterprise_cases) AS c, (SELECT sum(value) FROM code_counters) AS k")).toEqual(counts);
  });

  it("is deterministic: the same day gives the same roster", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoEnterprises(other.db);
      const digest = (db: TestDatabase["db"]) =>
        db.$queryRawUnsafe<{ h: string }[]>(
          "SELECT md5(string_agg(concat_ws('|', code, name, uscc, industry, level, escort_name, escort_badge, status, enrolled_on), ',' ORDER BY code)) AS h FROM enterprises WHERE code LIKE 'QY-6205%' OR code LIKE 'QY-6230%'",
        );
      expect(await digest(other.db)).toEqual(await digest(s.db));
      const visits = (db: TestDatabase["db"]) => db.$queryRawUnsafe<{ h: string }[]>("SELECT md5(string_agg(concat_ws('|', code, visited_on, officer_name, form, content), ',' ORDER BY code)) AS h FROM enterprise_visits WHERE unit_path LIKE '/62/6230/%'");
      expect(await visits(other.db)).toEqual(await visits(s.db));
    } finally {
      await other.db.$disconnect();
    }
  });
});
