// Factories for ledger records, built through the same write paths as the app (task assignments: tests/support/factories.ts).
import type { Db } from "@/lib/db/client";
import { LEDGERS } from "@/lib/ledgers/configs";
import { ledgerFieldsSchema } from "@/lib/ledgers/schema";
import type { LedgerKey, LedgerValues } from "@/lib/ledgers/types";
import { usccCheckChar } from "@/lib/ledgers/uscc";
import { createRecord, resolveLinks } from "@/lib/ledgers/write";
import { unitByCode } from "./factories";

export { makeAssignment } from "../../support/factories";

/** Form-like (string) values that pass each ledger's schema; links are filled in by makeLedgerInput. */
export const LEDGER_SAMPLES: Record<LedgerKey, Record<string, string>> = {
  problems: { title: "村民宅基地边界争议", source: "排查", category: "土地山林", riskTier: "YELLOW", stage: "化解", foundOn: "2025-03-05", deadline: "2025-04-05", officerName: "张伟" },
  mechanisms: { name: "矛盾纠纷多元化解工作规范", action: "新建", issuer: "城关分局", docNo: "城公发〔2025〕3号", issuedOn: "2025-02-01", taskCodes: "2.1.01" },
  stability: { title: "某小区业主聚集维权", occurredAt: "2025-03-05 09:30", place: "东岗街道某小区", scale: "35", nature: "群体性事件", grade: "一般", status: "已处置" },
  intel: { title: "网传某地聚集信息", grade: "3", source: "网上巡查", receivedAt: "2025-03-05 08:00", reportedAt: "2025-03-05 10:00", content: "网上巡查发现有人邀约次日在某处聚集。" },
  analysis: { topic: "涉稳情报研判", heldOn: "2025-03-06", chair: "李志强", riskLevel: "YELLOW", conclusion: "存在聚集风险，需提前稳控。" },
  verification: { verifyingUnit: "东岗派出所", startedOn: "2025-03-06", result: "属实", action: "约谈组织者并稳控。" },
  disputes: { summary: "邻里因噪音发生争执", category: "邻里冲突", parties: "王某、李某", foundOn: "2025-03-05", source: "110警情", status: "调解中", riskTier: "BLUE" },
  // the 统一社会信用代码 is unique: makeLedgerInput replaces this one with a fresh valid code on every call
  enterprises: {
    name: "兰州某某新材料有限公司",
    uscc: "91620102MA72A0001A",
    industry: "装备制造",
    level: "市级重点",
    status: "包抓中",
    enrolledOn: "2025-03-01",
    address: "城关区东岗街道某路 18 号",
    contactName: "王建国",
    contactPhone: "13909310001",
    escortName: "张伟",
    escortBadge: "012345",
    escortPhone: "13919310002",
  },
  visits: { visitedOn: "2025-03-10", officerName: "张伟", form: "上门走访", content: "上门了解企业生产经营和安全防范情况，宣传防范电信网络诈骗知识。", findings: "企业周边夜间照明不足，已协调街道加装路灯。" },
  demands: { raisedOn: "2025-03-10", category: "治安环境", content: "企业门前道路夜间常有车辆乱停，影响货车进出。", status: "已解决", resolvedOn: "2025-03-20", handling: "协调交警大队施划停车位并加强巡查。", satisfaction: "满意" },
  ent_cases: { caseNo: "A6201020000002025030001", caseType: "职务侵占", filedOn: "2025-03-12", status: "立案侦查", lossAmount: "380000", recoveredAmount: "120000", summary: "企业财务人员利用职务便利侵占公司货款。" },
};

let usccSeq = 0;

/** A fresh, valid 统一社会信用代码 registered in `unitCode`'s division (6 digits; a city code is padded with 00). */
export function freshUscc(unitCode = "620102"): string {
  const division = /^\d{6}$/.test(unitCode) ? unitCode : `${unitCode.slice(0, 4).padEnd(4, "0")}00`;
  const n = (Date.now() % 1_000_000) * 1000 + (usccSeq++ % 1000);
  const org = n.toString().padStart(9, "0").slice(-9);
  const first17 = `91${division}${org}`;
  return first17 + usccCheckChar(first17);
}

/** A saved ledger record in `unitCode` (through createRecord, as the actions do). */
export async function makeLedgerRecord(db: Db, key: LedgerKey, unitCode: string, overrides: Record<string, string> = {}) {
  const config = LEDGERS[key];
  const raw = await makeLedgerInput(db, key, unitCode, overrides);
  const values = ledgerFieldsSchema(config).parse(raw) as LedgerValues;
  const unit = await unitByCode(db, unitCode);
  const { byField } = await resolveLinks(db, config, values);
  return db.$transaction((tx) => createRecord(tx, config, unit, values, byField, { actorId: 0, now: new Date(), touched: new Map(), cache: new Map() }));
}

/** Valid input values for a ledger in `unitCode` (creating the intelligence items and enterprises that links need). */
export async function makeLedgerInput(db: Db, key: LedgerKey, unitCode: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const values = { ...LEDGER_SAMPLES[key] };
  if (key === "analysis" || key === "verification") {
    const intel = await makeLedgerRecord(db, "intel", unitCode);
    values.intelCodes = intel.code as string;
  }
  if (key === "enterprises") values.uscc = freshUscc(unitCode);
  if (key === "visits" || key === "demands" || key === "ent_cases") {
    const enterprise = await makeLedgerRecord(db, "enterprises", unitCode);
    values.enterpriseCode = enterprise.code as string;
  }
  return { ...values, ...overrides };
}
