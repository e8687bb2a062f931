// The one parser of page and route query parameters (`?q=…&page=…&status=…`). A URL is typed by anyone, so a
// parameter that is not what the list expects is ignored (its default applies), never an error page or a 500:
// every field of a query schema catches its own failure. Before the schema sees a value: only the keys the schema
// names are read (no prototype keys), a repeated key counts with its first value, anything that is not a string is
// dropped, a value is clipped to 1,000 characters, and a value holding control characters or lone surrogates is
// dropped (PostgreSQL cannot compare text with NUL). Pages pass their `searchParams`, routes `url.searchParams`.
import { z } from "zod";
import { parseDay, parseLooseDay } from "@/lib/time";
import { hasForbiddenChars } from "@/lib/validation";

export type RawQuery = URLSearchParams | Record<string, string | string[] | undefined> | null | undefined;

const RAW_MAX = 1000;

/** the first value of a key, if it is a usable string */
function read(raw: RawQuery, key: string): string | undefined {
  if (!raw) return undefined;
  let v: unknown;
  if (raw instanceof URLSearchParams) v = raw.get(key);
  else if (Object.prototype.hasOwnProperty.call(raw, key)) v = (raw as Record<string, unknown>)[key];
  if (Array.isArray(v)) v = v[0];
  if (typeof v !== "string") return undefined;
  let s = v.length > RAW_MAX ? v.slice(0, RAW_MAX) : v;
  // do not cut an emoji in half
  if (/[\uD800-\uDBFF]$/.test(s) && v.length > RAW_MAX) s = s.slice(0, -1);
  return hasForbiddenChars(s) ? undefined : s;
}

/** Clips to `max` UTF-16 units without leaving half a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Free text (search box): trimmed and clipped; "" when absent. */
export const qText = (max: number) =>
  z
    .string()
    .trim()
    .transform((s) => clip(s, max))
    .catch("");

/** One of a fixed set; undefined otherwise. */
export const qEnum = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

/** A whole number within bounds; the fallback otherwise. */
export const qInt = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).catch(fallback);

/** A list page number: 1 … 100,000, else 1. */
export const qPage = qInt(1, 100_000, 1);

const UNIT_CODE = /^[A-Za-z0-9]{1,20}$/;
/** Whether a string can be a unit code (区划代码 or a generated station/department code: 1–20 letters or digits). */
export const isUnitCode = (s: unknown): s is string => typeof s === "string" && UNIT_CODE.test(s);

/** A unit code; a malformed one is absent. */
export const qUnitCode = z
  .string()
  .trim()
  .regex(UNIT_CODE)
  .optional()
  .catch(undefined);

/** A period key (2025-10, 2025-Q3, 2025, 2025-10-ytd, d7-2025-10-31); its meaning is checked by parsePeriod. */
export const qPeriodKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,20}$/)
  .optional()
  .catch(undefined);

/** A plan code (`?plan=`, the plan picker); an unknown code falls back to the default plan (lib/plan/choice.ts). */
export const qPlanCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,60}$/)
  .optional()
  .catch(undefined);

/** A month YYYY-MM. */
export const qMonth = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .optional()
  .catch(undefined);

/** A calendar day YYYY-MM-DD (a real one, 1900–2200). */
export const qDay = z
  .string()
  .trim()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && validYear(parseDay(s)))
  .optional()
  .catch(undefined);

/** A day as people write it (2025-03-05, 2025/3/5, 2025年3月5日), as ledger filters accept it. */
export const qLooseDay = z
  .string()
  .trim()
  .refine((s) => s.length <= 40 && validYear(parseLooseDay(s)))
  .optional()
  .catch(undefined);

function validYear(d: Date | null): boolean {
  return !!d && !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200;
}

/** A positive bigint id (audit cursor), within PostgreSQL's bigint. */
export const qBigId = z
  .string()
  .trim()
  .refine((s) => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) <= 9_223_372_036_854_775_807n)
  .optional()
  .catch(undefined);

/** A flag present as "1". */
export const qFlag = z
  .string()
  .transform((s) => s === "1")
  .catch(false);

export type QuerySchema = z.ZodObject<Record<string, z.ZodType>>;

/**
 * Parses a query with a schema whose fields all catch (built from the helpers above): never throws, unknown keys
 * are never read.
 */
export function parseQuery<S extends QuerySchema>(schema: S, raw: RawQuery): z.output<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = read(raw, key);
    if (v !== undefined) input[key] = v;
  }
  const r = schema.safeParse(input);
  return (r.success ? r.data : schema.parse({})) as z.output<S>;
}

// ---- the query schemas of the pages and routes that are not a list of their own module

/** `?unit=` (view unit) of the battle map, stats import, home page */
export const ZUnitQuery = z.object({ unit: qUnitCode });
/** `?q=` search boxes (plan, units, security) */
export const ZSearchQuery = z.object({ q: qText(100) });
/** `/plan` and `/plan/tasks/[code]`: the search box and the plan shown */
export const ZPlanPageQuery = z.object({ q: qText(100), plan: qPlanCode });
/** `/battle-map` */
export const ZBattleMapQuery = z.object({ unit: qUnitCode, plan: qPlanCode });
/** `?page=` of the report archive */
export const ZPageQuery = z.object({ page: qPage });
/** `?period=` (cockpit index, assessment detail) */
export const ZPeriodQuery = z.object({ period: qPeriodKey });
/** `/cockpit/[code]` */
export const ZCockpitQuery = z.object({ period: qPeriodKey, plan: qPlanCode, kpi: z.string().trim().regex(/^[a-z0-9._-]{1,60}$/i).optional().catch(undefined), map: qEnum(["city", "county"]), basis: qEnum(["abs", "per100k"]) });
/** `/assessment` */
/** `/wall/[code]`: the cockpit's choices, plus an optional tour through other units every `every` seconds */
export const ZWallQuery = ZCockpitQuery.extend({
  tour: z
    .string()
    .trim()
    .max(400)
    .transform((s) => [...new Set(s.split(/[,，\s]+/).filter(Boolean))])
    .pipe(z.array(z.string().regex(UNIT_CODE)).max(20))
    .optional()
    .catch(undefined),
  every: qInt(10, 3600, 30),
});
export const ZAssessmentQuery = z.object({ period: qPeriodKey, level: qEnum(["CITY", "COUNTY"]) });
/** `/reports/view` */
export const ZReportViewQuery = z.object({ unit: qUnitCode, period: qPeriodKey, plan: qPlanCode });
/** `/stats` and `/stats/entry` */
export const ZStatsQuery = z.object({ unit: qUnitCode, month: qMonth, cols: qInt(1, 1000, 1) });
/** `/api/stats/export` */
export const ZStatsExportQuery = z.object({ unit: qUnitCode, month: qMonth, from: qMonth, to: qMonth, template: qFlag, format: qEnum(["csv", "xlsx"]) });
/** `/ledgers/[key]/[id]` (after creating) and `/account/mfa` */
/** ?from=queue: a task opened from the reviewer's queue (the page offers 「下一条」 after the decision) */
export const ZFromQuery = z.object({ from: qEnum(["queue"]) });

export const ZFlagQuery = z.object({ created: qFlag, change: qFlag, required: qFlag });
/** `format` of exports and archived reports */
export const ZFormatQuery = z.object({ format: qEnum(["csv", "xlsx", "pdf"]), unit: qUnitCode });
