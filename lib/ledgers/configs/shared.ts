// Shared building blocks of the ledger configurations: option lists, the risk-tier vocabulary and tone, and the
// per-write setting cache used by computed fields. Each ledger family lives in its own file beside this one.
import type { Tx } from "@/lib/db/client";
import { type SettingKey, type SettingValue, getSetting } from "@/lib/settings";
import type { DerivedCell, FieldOption, WriteContext } from "../types";

/** Options whose value is their label (the stored text is the Chinese word). */
export const opts = (...labels: string[]): FieldOption[] => labels.map((l) => ({ value: l, label: l }));

export const RISK_TIERS: FieldOption[] = [
  { value: "BLUE", label: "蓝" },
  { value: "YELLOW", label: "黄" },
  { value: "RED", label: "红" },
];
export const riskTone = (v: unknown): DerivedCell["tone"] => (v === "RED" ? "red" : v === "YELLOW" ? "amber" : "blue");

/** The dispute categories are shared by the problem list and the dispute ledger. */
export const DISPUTE_CATEGORIES = opts("婚恋纠葛", "家庭矛盾", "邻里冲突", "劳资债务", "土地山林", "征地拆迁", "合同经济", "医疗纠纷", "交通事故", "其他");

/** A setting read once per write (imports write many rows with one context). */
export async function cachedSetting<K extends SettingKey>(tx: Tx, ctx: WriteContext, key: K): Promise<SettingValue<K>> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, await getSetting(tx, key));
  return ctx.cache.get(key) as SettingValue<K>;
}
