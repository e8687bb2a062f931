// Configuration kept in the `settings` table, with the defaults below when nothing is stored.
// Each setting has a zod schema: a stored value that does not parse falls back to the default (and is reported).
import { z } from "zod";
import { zString } from "@/lib/validation";
import type { Db, Tx } from "@/lib/db/client";

const LEVELS = ["STATION", "COUNTY", "CITY", "PROVINCE"] as const;

export const SETTINGS = {
  /** 五级审核把关: the unit levels that review, bottom-up. Work is closed (销号) by the unit that handed it down. */
  "review.chain": {
    label: "审核链",
    schema: z.object({ levels: z.array(z.enum(LEVELS)).min(1) }),
    default: { levels: ["COUNTY", "CITY", "PROVINCE"] as (typeof LEVELS)[number][] },
  },
  /** 情报信息: reporting deadline (hours) and loop deadline (days) per grade 1–4 */
  "intel.deadlines": {
    label: "情报上报与闭环时限",
    schema: z.object({ reportHours: z.tuple([z.number(), z.number(), z.number(), z.number()]), loopDays: z.tuple([z.number(), z.number(), z.number(), z.number()]) }),
    default: { reportHours: [1, 2, 8, 12] as [number, number, number, number], loopDays: [3, 7, 15, 30] as [number, number, number, number] },
  },
  /** 易引发命案矛盾纠纷预警: rules, weights and the flagging threshold */
  "dispute.warning": {
    label: "命案风险预警规则",
    schema: z.object({
      threshold: z.number().int().min(1),
      rules: z.array(
        z.object({
          id: zString(),
          label: zString(),
          field: z.enum(["repeatCalls", "threats", "weapons", "domesticViolence", "riskTier", "category", "partyCount"]),
          op: z.enum(["=", ">="]),
          value: z.union([zString(), z.number(), z.boolean()]),
          weight: z.number().int(),
        }),
      ),
    }),
    default: {
      threshold: 50,
      rules: [
        { id: "repeat", label: "反复报警（3 次及以上）", field: "repeatCalls" as const, op: ">=" as const, value: 3, weight: 25 },
        { id: "threats", label: "有扬言报复、威胁言行", field: "threats" as const, op: "=" as const, value: true, weight: 30 },
        { id: "weapons", label: "涉及刀具等凶器", field: "weapons" as const, op: "=" as const, value: true, weight: 40 },
        { id: "dv", label: "有家庭暴力史", field: "domesticViolence" as const, op: "=" as const, value: true, weight: 25 },
        { id: "red", label: "风险等级为红色", field: "riskTier" as const, op: "=" as const, value: "RED", weight: 25 },
        { id: "romance", label: "婚恋纠葛", field: "category" as const, op: "=" as const, value: "婚恋纠葛", weight: 10 },
        { id: "family", label: "家庭矛盾", field: "category" as const, op: "=" as const, value: "家庭矛盾", weight: 10 },
      ],
    },
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;

type Reader = Pick<Db, "setting"> | Pick<Tx, "setting">;

export async function getSetting<K extends SettingKey>(db: Reader, key: K): Promise<SettingValue<K>> {
  const row = await (db as Pick<Db, "setting">).setting.findUnique({ where: { key } });
  if (!row) return SETTINGS[key].default as SettingValue<K>;
  const parsed = SETTINGS[key].schema.safeParse(row.value);
  if (!parsed.success) {
    console.error(`[settings] ${key} 的存储值无效，使用默认值`);
    return SETTINGS[key].default as SettingValue<K>;
  }
  return parsed.data as SettingValue<K>;
}
