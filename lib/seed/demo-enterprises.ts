// Length kept on purpose: generated demo data — the 包抓联 roster and its ledgers from one random stream.
// Demo data of the 包抓联 roster: exactly 4,850 key enterprises 包抓中 at the end of 2023 across the 86 county-level
// units and 兰州新区 (more in 兰州, 天水, 酒泉, 庆阳), ~93 % with a 护航警官 (exactly 1,949 officers, each covering
// 2–3 enterprises) — the published 2023 figures (lib/seed/published-2023.ts) — about 7 % more a year since, and their
// visits (~1.25 per enterprise per quarter), demands (~1.2 per enterprise per year, ~92 % settled within 3–40 days)
// and cases (~0.08 per enterprise per year), from 2021-01 to last month.
// Deterministic (seeded PRNG; only "today" moves), written with the import's bulk insert inside one transaction, and
// done once: when any enterprise exists, nothing happens. Record codes continue the code counters, which end
// consistent with the codes written. created_at/updated_at are the time of seeding (the import's bulk insert sets
// them; rewriting them afterwards would double the seeding time).
import type { Db, Tx } from "@/lib/db/client";
import type { CountyKind } from "@/lib/generated/prisma/client";
import { LEDGERS, SOLVED_CASE_STATUSES } from "@/lib/ledgers/configs";
import type { LedgerConfig } from "@/lib/ledgers/types";
import { usccCheckChar } from "@/lib/ledgers/uscc";
import { bulkInsert } from "@/lib/ledgers/write";
import { shanghaiToday } from "@/lib/time";
import { Coder } from "./demo-work/ledgers";
import { mobile, personName, placesOf } from "./demo-work/names";
import { Rng, addDaysTo, allocateExact, day, daysBetween } from "./demo-work/random";
import { PUBLISHED_2023 } from "./published-2023";

export interface DemoEnterprisesReport {
  enterprises: number;
  visits: number;
  demands: number;
  cases: number;
}

const SEED = 20210101;
const LOCK_KEY = 62_2021_01; // pg_advisory_xact_lock: one roster seeding at a time
const CHUNK = 20_000;

/** in the roster (包抓中) at the end of 2023 (the published figure); more since */
export const DEMO_ENTERPRISE_TOTAL = PUBLISHED_2023.enterprises;
/** 护航警官 serving them at the end of 2023 */
const ESCORT_OFFICERS = PUBLISHED_2023.escortOfficers;
const STOCK_END = day(2023, 12, 31);
/** (the 2023 roster is older than it was when this was 2: about as many visits in all as then) */
const VISITS_PER_QUARTER = 1.25;
const DEMANDS_PER_YEAR = 1.2;
const CASES_PER_YEAR = 0.08;
const START = day(2021, 1, 1);

type Weights = readonly (readonly [string, number])[];

const KIND_WEIGHT: Record<CountyKind, number> = { DISTRICT: 1.6, COUNTY_CITY: 1.3, COUNTY: 0.8, AUTONOMOUS_COUNTY: 0.6, DEV_ZONE: 1.8 };
/** the cities with the most key enterprises */
const CITY_WEIGHT: Record<string, number> = { "6201": 2.0, "6205": 1.5, "6209": 1.5, "6210": 1.5 };

const INDUSTRY_BASE: Record<string, number> = {
  能源化工: 8, 装备制造: 10, 冶金有色: 5, 农产品加工: 18, 文化旅游: 9, 商贸物流: 14, 建筑房地产: 12, 信息技术: 5, 医药健康: 7, 其他: 7,
};
/** what each city is known for (金昌 nickel, 白银 non-ferrous, 庆阳 oil and gas, 酒泉 wind and solar …) */
const INDUSTRY_BIAS: Record<string, Record<string, number>> = {
  "6201": { 能源化工: 1.6, 装备制造: 1.5, 信息技术: 2.5, 医药健康: 1.6, 农产品加工: 0.5 },
  "6203": { 冶金有色: 4 },
  "6204": { 冶金有色: 3, 能源化工: 1.5 },
  "6205": { 装备制造: 2.2, 农产品加工: 1.3 },
  "6206": { 农产品加工: 1.5 },
  "6207": { 农产品加工: 1.6 },
  "6208": { 能源化工: 1.8, 农产品加工: 1.4 },
  "6209": { 能源化工: 2.5, 文化旅游: 2 },
  "6210": { 能源化工: 3, 农产品加工: 1.3 },
  "6211": { 农产品加工: 1.8, 医药健康: 2.5 },
  "6212": { 农产品加工: 1.6, 文化旅游: 1.5 },
  "6229": { 农产品加工: 1.8, 商贸物流: 1.3 },
  "6230": { 文化旅游: 3, 农产品加工: 1.5, 医药健康: 1.5 },
};
const URBAN_BIAS: Record<string, number> = { 信息技术: 2, 商贸物流: 1.4, 建筑房地产: 1.4, 农产品加工: 0.4 };

const TRADE_NAMES = [
  "陇原", "祁连", "丝路", "河西", "陇东", "黄河", "金城", "天马", "飞天", "华龙", "永盛", "鑫源", "宏达", "恒通", "瑞丰", "博远",
  "正泰", "聚鑫", "天成", "中联", "兴陇", "昌盛", "万通", "德远", "祥瑞", "嘉和", "金穗", "绿洲", "雪峰", "泰和", "润泽", "华宇",
  "西部", "长青", "新源", "众合", "金泰", "宏远", "大地", "安泰", "隆基", "三维", "东方", "华瑞", "同心", "腾达", "海川", "博宇",
  "天润", "中天", "北辰", "明珠", "鸿运", "锦程", "盛世", "陇上", "崆峒", "伏羲", "麦积", "敦煌", "阳关", "焉支", "洮河", "白龙",
];
const INDUSTRY_WORDS: Record<string, string[]> = {
  能源化工: ["化工", "石油化工", "新能源", "风力发电", "光伏发电", "煤业", "天然气", "精细化工", "油气技术服务"],
  装备制造: ["机械制造", "重工", "电气", "机床", "装备制造", "汽车零部件", "电子科技", "电工器材"],
  冶金有色: ["有色金属", "冶金", "铝业", "镍钴新材料", "钢铁", "铜业", "新材料"],
  农产品加工: ["农业科技", "食品", "果业", "马铃薯加工", "乳业", "牛羊肉加工", "中药材", "种业", "苹果"],
  文化旅游: ["文化旅游", "旅游开发", "文旅发展", "景区管理", "酒店管理"],
  商贸物流: ["商贸", "物流", "供应链管理", "仓储物流", "商业管理"],
  建筑房地产: ["建筑工程", "建设", "房地产开发", "建材", "路桥工程"],
  信息技术: ["信息技术", "网络科技", "软件", "数据科技", "智能科技"],
  医药健康: ["药业", "医药", "生物科技", "医疗器械", "中藏药"],
  其他: ["实业", "环保科技", "水务", "纺织", "陶瓷", "印务"],
};
const ADDRESS_PLACES = ["工业园区", "经济开发区", "产业园", "物流园区", "高新技术产业园", "循环经济产业园"];
const ROADS = ["建设路", "工业路", "创业大道", "兴业路", "园区大道", "科技路", "通达路", "发展大道", "长安路", "环城路"];

interface CountyUnit {
  id: number;
  code: string;
  name: string;
  kind: CountyKind | null;
  path: string;
  cityCode: string;
  cityName: string;
}

/** an enterprise before insertion (the id is known only after) */
interface Ent {
  unit: CountyUnit;
  row: Record<string, unknown>;
  enrolledOn: Date;
  /** last day it was in the roster: the exit day, or the end of last month */
  until: Date;
  escort: string | null;
}

export async function seedDemoEnterprises(db: Db): Promise<DemoEnterprisesReport> {
  const none: DemoEnterprisesReport = { enterprises: 0, visits: 0, demands: 0, cases: 0 };
  if (await hasEnterprises(db)) return none;
  const counties = await loadCounties(db);
  if (!counties.length) return none;
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      if (await hasEnterprises(tx)) return none;
      const counters = new Map((await tx.codeCounter.findMany()).map((c) => [c.key, c.value]));
      const before = new Map(counters);
      const coder = new Coder(counters);
      const rng = new Rng(SEED);
      const today = shanghaiToday(now);
      const lastMonthEnd = addDaysTo(day(today.getUTCFullYear(), today.getUTCMonth() + 1, 1), -1);

      const ents = generateEnterprises(rng.fork(1), counties, lastMonthEnd, coder);
      const created = await insertAll(tx, LEDGERS.enterprises, ents.map((e) => e.row));
      const idOf = new Map(created.map((c) => [c.code, c.id]));
      const withIds = ents.map((e) => ({ ...e, id: idOf.get(e.row.code as string)! }));

      const visits = generateVisits(rng.fork(2), withIds, counties, coder);
      await insertAll(tx, LEDGERS.visits, visits);
      const demands = generateDemands(rng.fork(3), withIds, addDaysTo(today, -1), coder);
      await insertAll(tx, LEDGERS.demands, demands);
      const cases = generateCases(rng.fork(4), withIds, lastMonthEnd, coder);
      await insertAll(tx, LEDGERS.ent_cases, cases);

      // record-code counters: never behind the codes used, so that records added later do not collide
      const changed = [...counters].filter(([k, v]) => before.get(k) !== v);
      if (changed.length)
        await tx.$executeRaw`
          INSERT INTO code_counters (key, value)
          SELECT * FROM unnest(${changed.map(([k]) => k)}::text[], ${changed.map(([, v]) => v)}::int[])
          ON CONFLICT (key) DO UPDATE SET value = GREATEST(code_counters.value, EXCLUDED.value)`;
      return { enterprises: ents.length, visits: visits.length, demands: demands.length, cases: cases.length };
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

const hasEnterprises = async (db: Db | Tx) => (await db.$queryRaw<{ e: boolean }[]>`SELECT EXISTS (SELECT 1 FROM enterprises) AS e`)[0].e;

async function loadCounties(db: Db): Promise<CountyUnit[]> {
  const units = await db.unit.findMany({
    where: { active: true, level: { in: ["CITY", "COUNTY"] } },
    select: { id: true, code: true, name: true, kind: true, level: true, path: true, parentId: true },
    orderBy: { code: "asc" },
  });
  const cities = new Map(units.filter((u) => u.level === "CITY").map((u) => [u.id, u]));
  return units
    .filter((u) => u.level === "COUNTY" && /^\d{6}$/.test(u.code) && u.parentId && cities.has(u.parentId))
    .map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, path: u.path, cityCode: cities.get(u.parentId!)!.code, cityName: cities.get(u.parentId!)!.name }));
}

/** Bulk insert in chunks (the import's statement: one text array per column). */
async function insertAll(tx: Tx, config: LedgerConfig, rows: Record<string, unknown>[]): Promise<{ id: number; code: string }[]> {
  const out: { id: number; code: string }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await bulkInsert(tx, config, rows.slice(i, i + CHUNK))));
  return out;
}

const weighted = (rng: Rng, w: Record<string, number>) => rng.weighted(Object.entries(w));

/** how many enterprises each county-level unit has: weights by kind and city, exactly `total` in all */
function allocate(rng: Rng, counties: CountyUnit[], total: number): number[] {
  const w = counties.map((c) => KIND_WEIGHT[c.kind ?? "COUNTY"] * (CITY_WEIGHT[c.cityCode] ?? 1) * rng.range(0.8, 1.2));
  const sum = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (x / sum) * total);
  const n = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = total - n.reduce((a, b) => a + b, 0); k < left; k++) n[order[k % order.length][1]]++;
  return n;
}

/** GB 11714 organisation code (8 body characters + check character), as positions 9–17 of a USCC. */
function organisationCode(rng: Rng, modern: boolean): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const body = modern
    ? `MA${Array.from({ length: 6 }, () => rng.pick([...alphabet])).join("")}`
    : `${rng.int(1, 9)}${Array.from({ length: 7 }, () => rng.int(0, 9)).join("")}`;
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  const c = 11 - ([...body].reduce((s, ch, i) => s + value(ch) * weights[i], 0) % 11);
  return body + (c === 11 ? "0" : c === 10 ? "X" : String(c));
}

/**
 * The roster: exactly PUBLISHED_2023.enterprises enterprises 包抓中 at the end of 2023 (enrolled by then and never
 * exited), served by exactly PUBLISHED_2023.escortOfficers 护航警官; besides them, enterprises that left before the
 * end of 2023 and those enrolled since (a few of which left again), with officers of their own. So the 2023 figures
 * are the published ones whether the roster is read by current status or by status history.
 */
function generateEnterprises(rng: Rng, counties: CountyUnit[], lastMonthEnd: Date, coder: Coder): Ent[] {
  const anchor = lastMonthEnd < STOCK_END ? lastMonthEnd : STOCK_END;
  const counts = allocate(rng.fork(0), counties, DEMO_ENTERPRISE_TOTAL);
  const usccs = new Set<string>();
  const names = new Set<string>();
  const badges = new Set<string>();
  const out: Ent[] = [];
  const preSpan = Math.round(daysBetween(START, anchor));
  const postSpan = Math.max(0, Math.round(daysBetween(anchor, lastMonthEnd)));
  const finish = (list: Ent[]) => {
    list.sort((a, b) => a.enrolledOn.getTime() - b.enrolledOn.getTime());
    for (const e of list) e.row.code = coder.next(LEDGERS.enterprises.codePrefix, e.unit.code, e.enrolledOn);
    out.push(...list);
  };
  const perCounty = counties.map((unit, ci) => {
    const r = rng.fork(unit.id);
    const urban = unit.kind === "DISTRICT" || unit.kind === "DEV_ZONE";
    const places = placesOf(r, urban);
    const short = unit.name.length > 2 ? unit.name.replace(/(区|县|市|自治县|新区)$/, "") : unit.name;
    const cityShort = unit.cityName.replace(/(市|回族自治州|藏族自治州)$/, "");
    const industries: Record<string, number> = {};
    for (const [k, v] of Object.entries(INDUSTRY_BASE)) industries[k] = v * (INDUSTRY_BIAS[unit.cityCode]?.[k] ?? 1) * (urban ? (URBAN_BIAS[k] ?? 1) : 1);
    const active: Ent[] = [];
    const others: Ent[] = [];
    const make = (enrolledOn: Date, until: Date, exited: boolean): Ent => {
      const industry = weighted(r, industries);
      const coop = industry === "农产品加工" && r.chance(0.2);
      let name = "";
      for (let tries = 0; !name || names.has(name); tries++) {
        const prefix = r.weighted<string>([[short, 55], [cityShort, 30], ["甘肃", 15]]);
        const word = r.pick(INDUSTRY_WORDS[industry]);
        const form = coop ? "农民专业合作社" : r.weighted<string>([["有限公司", 60], ["有限责任公司", 30], ["股份有限公司", 8], ["集团有限公司", 2]]);
        name = `${prefix}${r.pick(TRADE_NAMES)}${tries > 3 ? r.pick(TRADE_NAMES).slice(0, 1) : ""}${word}${form}`;
      }
      names.add(name);
      let uscc = "";
      while (!uscc || usccs.has(uscc)) {
        const first17 = `${coop ? "93" : "91"}${unit.code}${organisationCode(r, r.chance(0.45))}`;
        uscc = first17 + usccCheckChar(first17);
      }
      usccs.add(uscc);
      const place = r.pick(places);
      const address = r.chance(0.6) ? `${unit.name}${r.pick(ADDRESS_PLACES)}${r.pick(ROADS)}${r.int(1, 299)}号` : `${unit.name}${place.town}${r.pick(ROADS)}${r.int(1, 499)}号`;
      const level = r.weighted<string>([["省级重点", 8], ["市级重点", 27], ["县级重点", 65]]);
      return {
        unit,
        enrolledOn,
        until,
        escort: null,
        row: {
          code: "",
          unitId: unit.id,
          unitPath: unit.path,
          name: name.slice(0, 100),
          uscc,
          industry,
          level,
          address,
          contactName: personName(r),
          contactPhone: mobile(r),
          escortName: null,
          escortBadge: null,
          escortPhone: null,
          status: exited ? "已退出" : "包抓中",
          enrolledOn,
        },
      };
    };
    // in the roster at the end of 2023: the first roster (2021 Q1) a little larger, then enrolments every month
    for (let i = 0; i < counts[ci]; i++) active.push(make(r.chance(0.05) ? addDaysTo(START, r.int(0, 89)) : addDaysTo(START, r.int(0, preSpan)), lastMonthEnd, false));
    // left before the end of 2023 (after at least a year)
    for (let i = 0, n = Math.round(counts[ci] * 0.05 * r.range(0.5, 1.5)); i < n && preSpan > 400; i++) {
      const enrolledOn = addDaysTo(START, r.int(0, preSpan - 400));
      others.push(make(enrolledOn, addDaysTo(enrolledOn, r.int(365, Math.round(daysBetween(enrolledOn, anchor)) - 1)), true));
    }
    // enrolled since (about 7 % a year), a few of which left again
    for (let i = 0, n = Math.round((counts[ci] * 0.07 * postSpan * r.range(0.7, 1.3)) / 365); i < n && postSpan > 0; i++) {
      const enrolledOn = addDaysTo(anchor, r.int(1, postSpan));
      const exited = daysBetween(enrolledOn, lastMonthEnd) > 400 && r.chance(0.06);
      others.push(make(enrolledOn, exited ? addDaysTo(enrolledOn, r.int(365, Math.round(daysBetween(enrolledOn, lastMonthEnd)))) : lastMonthEnd, exited));
    }
    // 护航警官 at the end of 2023: a few enrolments of the last quarter are still unassigned
    const recent = (e: Ent) => daysBetween(e.enrolledOn, anchor) < 90;
    const escorted = r.shuffle(active.filter((e) => !r.chance(recent(e) ? 0.4 : 0.06)));
    return { unit, r, active, others, escorted };
  });

  const newOfficer = (c: (typeof perCounty)[number], members: Ent[]) => {
    const { r, unit } = c;
    let badge = "";
    while (!badge || badges.has(badge)) badge = `${unit.cityCode.slice(2)}${String(r.int(0, 9999)).padStart(4, "0")}`;
    badges.add(badge);
    const officer = { name: personName(r), badge, phone: mobile(r) };
    for (const e of members) {
      e.escort = officer.name;
      Object.assign(e.row, { escortName: officer.name, escortBadge: officer.badge, escortPhone: officer.phone });
    }
    return officer;
  };
  // exactly PUBLISHED_2023.escortOfficers officers for the roster at the end of 2023, point to point (2–3 each)
  const officers = allocateExact(perCounty.map((c) => c.escorted.length), ESCORT_OFFICERS);
  perCounty.forEach((c, ci) => {
    const { r, escorted } = c;
    const k = Math.min(officers[ci], escorted.length);
    const team: { name: string; badge: string; phone: string; n: number }[] = [];
    for (let j = 0, at = 0; j < k; j++) {
      const size = Math.floor((escorted.length * (j + 1)) / k) - Math.floor((escorted.length * j) / k);
      team.push({ ...newOfficer(c, escorted.slice(at, at + size)), n: size });
      at += size;
    }
    // enterprises that left before 2023 had one of these officers; later enrolments get new officers (about 2.3 each)
    const later = r.shuffle(c.others.filter((e) => e.enrolledOn > anchor && !r.chance(daysBetween(e.enrolledOn, lastMonthEnd) < 90 ? 0.4 : 0.06)));
    for (let at = 0; at < later.length - 1; ) {
      const left = later.length - at;
      const size = left <= 3 ? left : left === 4 ? 2 : r.int(2, 3);
      newOfficer(c, later.slice(at, at + size));
      at += size;
    }
    // each officer keeps 2–3 enterprises in all
    const free = r.shuffle(team.filter((o) => o.n < 3));
    for (const e of c.others) {
      if (e.enrolledOn > anchor || !free.length || r.chance(0.1)) continue;
      const o = free.pop()!;
      o.n++;
      e.escort = o.name;
      Object.assign(e.row, { escortName: o.name, escortBadge: o.badge, escortPhone: o.phone });
    }
    finish([...c.active, ...c.others]);
  });
  return out;
}


const VISIT_TOPICS = {
  上门走访: [
    "了解企业生产经营和内部安全防范情况",
    "宣传防范电信网络诈骗知识，提示财务人员核实转账指令",
    "检查内部安全保卫制度和视频监控等技防设施运行情况",
    "排查涉企矛盾纠纷和安全隐患",
    "了解企业用工情况，指导做好外来务工人员登记管理",
    "听取企业对公安机关服务营商环境的意见建议",
    "宣讲公安机关服务企业发展“十项措施”",
  ],
  座谈会: ["通报辖区涉企治安形势和典型案例", "听取企业负责人对公安工作的意见建议", "解读公安机关服务保障高质量发展措施", "共同研究解决企业反映的突出问题"],
  电话联系: ["了解企业诉求办理进展", "节假日前提醒企业落实值班值守和安全防范", "通报近期涉企诈骗案例，提示防范", "回访企业对诉求办理结果的评价"],
  线上对接: ["通过警企联络群推送防诈预警信息", "指导企业通过网上办事平台办理业务", "解答企业关于证照办理的政策咨询", "线上收集企业近期安全防范需求"],
} as const;
const VISIT_FINDINGS = [
  "企业周边夜间照明不足，已协调属地加装路灯。",
  "仓库视频监控存在盲区，已督促企业增设摄像头。",
  "财务人员防诈意识不强，已安排开展专题培训。",
  "企业门前道路车辆乱停，已协调交警部门施划停车位。",
  "外来务工人员登记不全，已指导企业完善台账。",
  "厂区消防通道被占用，已当场督促清理。",
  "企业反映原材料被盗苗头，已安排加强夜间巡逻。",
  "企业与施工方存在工程款争议，已引导通过调解解决。",
];

function generateVisits(rng: Rng, ents: (Ent & { id: number })[], counties: CountyUnit[], coder: Coder): Record<string, unknown>[] {
  const byUnit = new Map<number, Record<string, unknown>[]>();
  const colleagues = new Map(counties.map((c) => [c.id, Array.from({ length: 6 }, () => personName(rng))]));
  for (const e of ents) {
    const r = rng.fork(e.id);
    const days = daysBetween(e.enrolledOn, e.until);
    const n = Math.max(days > 30 ? 1 : 0, Math.round((days / 91.3) * VISITS_PER_QUARTER * r.range(0.75, 1.25)));
    const list = byUnit.get(e.unit.id) ?? [];
    for (let i = 0; i < n; i++) {
      const visitedOn = addDaysTo(e.enrolledOn, r.int(0, Math.max(0, Math.round(days))));
      const form = r.weighted<keyof typeof VISIT_TOPICS>([["上门走访", 60], ["电话联系", 18], ["座谈会", 12], ["线上对接", 10]]);
      const what = r.pick(VISIT_TOPICS[form]);
      const lead = form === "上门走访" ? "上门走访企业" : form === "座谈会" ? "召开警企座谈会" : form === "电话联系" ? "电话联系企业负责人" : "线上对接企业";
      list.push({
        code: "",
        unitId: e.unit.id,
        unitPath: e.unit.path,
        enterpriseId: e.id,
        visitedOn,
        officerName: e.escort && r.chance(0.88) ? e.escort : r.pick(colleagues.get(e.unit.id)!),
        form,
        content: `${lead}，${what}。`,
        findings: form !== "电话联系" && r.chance(0.3) ? r.pick(VISIT_FINDINGS) : null,
      });
    }
    byUnit.set(e.unit.id, list);
  }
  return codeByUnit(byUnit, LEDGERS.visits, "visitedOn", coder);
}

/** Codes per unit in date order (so that numbers grow with time within a year), all units in one list. */
function codeByUnit(byUnit: Map<number, Record<string, unknown>[]>, config: LedgerConfig, dateKey: string, coder: Coder): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const rows of byUnit.values()) {
    if (!rows.length) continue;
    const unitCode = (rows[0].unitPath as string).split("/").filter(Boolean).at(-1)!;
    rows.sort((a, b) => (a[dateKey] as Date).getTime() - (b[dateKey] as Date).getTime());
    for (const r of rows) r.code = coder.next(config.codePrefix, unitCode, r[dateKey] as Date);
    out.push(...rows);
  }
  return out;
}

const DEMAND_TEXT: Record<string, { content: string[]; handling: string[] }> = {
  治安环境: {
    content: ["企业周边夜间治安状况较差，希望加强巡逻防控", "厂区周边有闲散人员聚集滋扰，请求依法处置", "希望在园区设立警务室或增加巡逻频次", "企业周边网吧、歌舞娱乐场所较多，希望加强管理"],
    handling: ["已将企业周边纳入巡区，增加夜间巡逻频次。", "派出所依法处置滋扰人员，并开展集中整治。", "协调在园区设立警务工作站，安排民警定期驻点。"],
  },
  案件办理: {
    content: ["企业被合同诈骗，希望加快案件侦办进度", "仓库货物被盗，请求尽快追赃挽损", "企业员工涉嫌职务侵占，请求依法立案侦查", "希望及时告知涉企案件办理进展"],
    handling: ["已立案侦查，定期向企业通报案件进展。", "组织专班侦办，追回部分涉案财物并返还企业。", "经审查符合立案条件，已依法立案。"],
  },
  证照办理: {
    content: ["外地员工较多，希望集中办理居住证", "危险化学品运输车辆通行证办理时间较长", "企业新址需刻制印章并备案", "引进人才需办理户口迁移"],
    handling: ["安排民警上门集中受理，已为员工办理居住证。", "开通绿色通道，当日办结通行证。", "指导企业通过网上办事平台办理，已办结。"],
  },
  矛盾纠纷: {
    content: ["与周边村民因施工噪音产生矛盾", "与承包方因工程款结算发生纠纷", "部分员工因工资发放问题与企业产生争议", "与相邻企业因通道使用发生争执"],
    handling: ["会同属地司法所组织调解，双方达成协议。", "通过警调对接调解室调解，纠纷已化解。", "协调人社部门介入，工资问题已妥善解决。"],
  },
  交通出行: {
    content: ["货车进出城区受限，希望办理通行证", "企业门前道路高峰时段拥堵", "请求在企业路口设置交通信号灯和标志标线", "员工上下班道路缺少公交站点"],
    handling: ["交警部门办理货车通行证并优化通行时段。", "调整信号配时并安排高峰时段警力疏导。", "已协调设置标志标线，路口通行秩序好转。"],
  },
  其他: {
    content: ["请求为员工开展防范电信网络诈骗专题培训", "企业举办大型活动需安保支持", "希望协助完善企业内部安全保卫制度", "咨询涉企法律政策"],
    handling: ["组织民警到企业开展专题培训。", "制定安保方案，活动期间安排警力保障。", "派员指导企业完善内保制度并开展演练。"],
  },
};
const REFUSALS = ["诉求超出公安机关职责范围，已向企业说明并告知办理部门。", "诉求不符合相关规定，已向企业解释政策依据。"];

function generateDemands(rng: Rng, ents: (Ent & { id: number })[], yesterday: Date, coder: Coder): Record<string, unknown>[] {
  const byUnit = new Map<number, Record<string, unknown>[]>();
  for (const e of ents) {
    const r = rng.fork(e.id);
    const days = daysBetween(e.enrolledOn, e.until);
    const expected = (days / 365.25) * DEMANDS_PER_YEAR;
    const n = Math.floor(expected) + (r.chance(expected - Math.floor(expected)) ? 1 : 0);
    const list = byUnit.get(e.unit.id) ?? [];
    for (let i = 0; i < n; i++) {
      const raisedOn = addDaysTo(e.enrolledOn, r.int(0, Math.round(days)));
      const category = r.weighted<string>([["治安环境", 30], ["案件办理", 12], ["证照办理", 16], ["矛盾纠纷", 14], ["交通出行", 16], ["其他", 12]]);
      const text = DEMAND_TEXT[category];
      const x = r.float();
      // ~92 % settled within 3–40 days (most within two weeks), some refused with an explanation, a few drag on
      const outcome = x < 0.92 ? "已解决" : x < 0.97 ? "不予解决（已说明）" : "拖延";
      const took = outcome === "已解决" ? (r.chance(0.7) ? r.int(3, 15) : r.int(16, 40)) : outcome === "拖延" ? r.int(41, 150) : r.int(5, 30);
      const settled = addDaysTo(raisedOn, took);
      const open = settled > yesterday;
      const status = open ? "办理中" : outcome === "拖延" ? "已解决" : outcome;
      list.push({
        code: "",
        unitId: e.unit.id,
        unitPath: e.unit.path,
        enterpriseId: e.id,
        raisedOn,
        category,
        content: r.pick(text.content),
        status,
        resolvedOn: open ? null : settled,
        handling: open ? "已受理，正在协调有关部门办理。" : status === "已解决" ? r.pick(text.handling) : r.pick(REFUSALS),
        satisfaction: open
          ? null
          : status === "已解决"
            ? r.weighted<string>([["满意", took > 40 ? 40 : 82], ["基本满意", took > 40 ? 40 : 15], ["不满意", took > 40 ? 20 : 3]])
            : r.weighted<string>([["满意", 30], ["基本满意", 45], ["不满意", 25]]),
      });
    }
    byUnit.set(e.unit.id, list);
  }
  return codeByUnit(byUnit, LEDGERS.demands, "raisedOn", coder);
}

const CASE_TYPES: Weights = [
  ["盗窃", 22], ["合同诈骗", 18], ["职务侵占", 18], ["诈骗", 12], ["挪用资金", 10], ["非国家工作人员受贿", 5], ["破坏生产经营", 4], ["敲诈勒索", 4], ["强迫交易", 3], ["侵犯知识产权", 3], ["其他", 1],
];
const LOSS_RANGE: Record<string, readonly [number, number]> = {
  盗窃: [3_000, 400_000],
  合同诈骗: [100_000, 20_000_000],
  职务侵占: [50_000, 5_000_000],
  诈骗: [20_000, 3_000_000],
  挪用资金: [100_000, 8_000_000],
  非国家工作人员受贿: [50_000, 2_000_000],
  破坏生产经营: [10_000, 1_000_000],
  敲诈勒索: [10_000, 500_000],
  强迫交易: [20_000, 800_000],
  侵犯知识产权: [100_000, 5_000_000],
  其他: [5_000, 500_000],
};
const CASE_SUMMARY: Record<string, string> = {
  盗窃: "企业仓库（工地）物资被盗",
  合同诈骗: "犯罪嫌疑人以签订购销合同为名骗取企业货款",
  职务侵占: "企业员工利用职务便利侵占公司财物",
  诈骗: "企业财务人员被冒充领导诈骗转账",
  挪用资金: "企业工作人员利用职务便利挪用公司资金",
  非国家工作人员受贿: "企业采购人员在采购过程中收受供应商财物",
  破坏生产经营: "犯罪嫌疑人故意毁坏企业生产设备",
  敲诈勒索: "犯罪嫌疑人以举报相威胁向企业索要钱财",
  强迫交易: "犯罪嫌疑人以暴力威胁手段强揽企业工程",
  侵犯知识产权: "犯罪嫌疑人假冒企业注册商标生产销售产品",
  其他: "涉企其他刑事案件",
};

function generateCases(rng: Rng, ents: (Ent & { id: number })[], lastMonthEnd: Date, coder: Coder): Record<string, unknown>[] {
  const byUnit = new Map<number, Record<string, unknown>[]>();
  for (const e of ents) {
    const r = rng.fork(e.id);
    const days = daysBetween(e.enrolledOn, e.until);
    const expected = (days / 365.25) * CASES_PER_YEAR;
    const n = Math.floor(expected) + (r.chance(expected - Math.floor(expected)) ? 1 : 0);
    const list = byUnit.get(e.unit.id) ?? [];
    for (let i = 0; i < n; i++) {
      const filedOn = addDaysTo(e.enrolledOn, r.int(0, Math.round(days)));
      const caseType = r.weighted(CASE_TYPES);
      const [lo, hi] = LOSS_RANGE[caseType];
      // losses spread over orders of magnitude
      const lossAmount = Math.round(Math.exp(r.range(Math.log(lo), Math.log(hi))) / 100) * 100;
      const age = daysBetween(filedOn, lastMonthEnd);
      const status = age < 45 && r.chance(0.7) ? "立案侦查" : r.weighted<string>([["立案侦查", age > 365 ? 8 : 20], ["已破案", 25], ["移送起诉", 35], ["已结案", age > 180 ? 32 : 10]]);
      const solved = SOLVED_CASE_STATUSES.includes(status);
      const recoveredAmount = solved ? Math.round((lossAmount * r.range(0.3, 1)) / 100) * 100 : r.chance(0.3) ? Math.round((lossAmount * r.range(0, 0.2)) / 100) * 100 : null;
      list.push({
        code: "",
        unitId: e.unit.id,
        unitPath: e.unit.path,
        enterpriseId: e.id,
        caseNo: "",
        caseType,
        filedOn,
        status,
        lossAmount,
        recoveredAmount,
        summary: `${CASE_SUMMARY[caseType]}，涉案金额约${lossAmount >= 10_000 ? `${Math.round(lossAmount / 10_000)}万` : lossAmount}元。${solved ? "已抓获犯罪嫌疑人，追赃挽损工作持续开展。" : "案件正在侦办中。"}`,
      });
    }
    byUnit.set(e.unit.id, list);
  }
  const rows = codeByUnit(byUnit, LEDGERS.ent_cases, "filedOn", coder);
  // 案件编号 of the case-handling system: A + the bureau's 12-digit code + year and month + a serial number that
  // also counts the bureau's other cases of that month
  const numbers = rng.fork(0);
  const serial = new Map<string, number>();
  for (const row of rows) {
    const filedOn = row.filedOn as Date;
    const prefix = `A${(row.unitPath as string).split("/").filter(Boolean).at(-1)}000000${filedOn.getUTCFullYear()}${String(filedOn.getUTCMonth() + 1).padStart(2, "0")}`;
    const n = (serial.get(prefix) ?? numbers.int(10, 400)) + numbers.int(1, 40);
    serial.set(prefix, n);
    row.caseNo = `${prefix}${String(n).padStart(4, "0")}`;
  }
  return rows;
}
