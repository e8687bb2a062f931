// How KPI values and changes read in Chinese: 万/亿 for large counts, one decimal for percentages,
// percentage points for changes of a rate, and whether a change is good news given the KPI's direction.
import { formatCount, formatPercent } from "@/lib/format";
import type { KpiDef } from "./definitions";
import type { Change } from "./engine";

// one formatter, reused (toLocaleString with options builds a new one on every call)
const moneyFmt = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1 });

export function formatKpiValue(def: Pick<KpiDef, "format" | "unit">, v: number | null | undefined): { text: string; unit: string } {
  if (v === null || v === undefined || Number.isNaN(v)) return { text: "—", unit: "" };
  switch (def.format) {
    case "percent":
      return { text: formatPercent(v).replace("%", ""), unit: "%" };
    case "money":
      // stored in 万元
      return Math.abs(v) >= 10_000 ? { text: trim((v / 10_000).toFixed(2)), unit: "亿元" } : { text: trim(moneyFmt.format(v)), unit: "万元" };
    case "days":
      return { text: v.toFixed(1), unit: "天" };
    case "score":
      return { text: v.toFixed(1), unit: "分" };
    case "months":
      return { text: String(Math.round(v)), unit: "个月" };
    default: {
      const t = formatCount(v);
      return /[万亿]$/.test(t) ? { text: t.slice(0, -1), unit: `${t.slice(-1)}${def.unit}` } : { text: t, unit: def.unit };
    }
  }
}

function trim(s: string) {
  return s.replace(/\.0+$/, "").replace(/(\.\d*[1-9])0+$/, "$1");
}

export interface ChangeView {
  text: string;
  /** true: good news; false: bad news; null: neutral or unknown */
  good: boolean | null;
  arrow: "▲" | "▼" | "—";
}

/** "+12.5%" / "−1.5%" / "+1.2个百分点"; "—" when there is no base (e.g. zero last year). */
export function formatChange(def: Pick<KpiDef, "direction" | "format">, c: Change | null): ChangeView {
  if (!c || c.value === null || !Number.isFinite(c.value)) return { text: "—", good: null, arrow: "—" };
  const v = c.value;
  const rounded = Math.round(v * 1000) / 10; // percent / points with one decimal
  const text = c.kind === "points" ? `${rounded > 0 ? "+" : ""}${rounded.toFixed(1)}个百分点` : `${rounded > 0 ? "+" : ""}${rounded.toFixed(1)}%`;
  const arrow = rounded > 0 ? "▲" : rounded < 0 ? "▼" : "—";
  const good = rounded === 0 || def.direction === "neutral" ? null : def.direction === "up" ? rounded > 0 : rounded < 0;
  return { text: text.replace("-", "−"), good, arrow };
}
