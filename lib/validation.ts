// Shared zod building blocks with Chinese messages. Forms send strings; these coerce and trim.
import { z } from "zod";

export const zId = (label: string) =>
  z.coerce.number({ error: `${label}无效` }).int(`${label}无效`).positive(`请选择${label}`).max(2_147_483_647, `${label}无效`);

export const zVersion = z.coerce.number({ error: "版本号无效" }).int("版本号无效").min(1, "版本号无效").max(2_147_483_647, "版本号无效");

export const zText = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);

/** Optional text: "" and missing both become undefined. */
export const zOptionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v === null ? undefined : v),
    z.string({ error: `${label}格式无效` }).trim().max(max, `${label}不能超过 ${max} 个字`).optional(),
  );

export const zPage = z.coerce.number().int().min(1).max(100_000).catch(1);
