// The plan file format (`npm run plan:import -- plan.json`, also used for the built-in proposal).
// Documented in README.md. A file with any bad item is rejected whole, naming the item and field at fault.
import { z } from "zod";

const isoDate = z
  .string({ error: "应为日期字符串 YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "不是有效日期");

const deptCode = z.string().min(1, "部门代码不能为空");

export const ZPlanTask = z
  .object({
    code: z.string().regex(/^\d+\.\d+\.\d{2}$/, "任务编号格式应为 方面.举措.两位序号，例如 3.2.07"),
    title: z.string().trim().min(2, "任务名称至少 2 个字").max(200, "任务名称不超过 200 字"),
    description: z.string().trim().max(2000, "任务说明不超过 2000 字").nullish(),
    target: z.string().trim().max(500, "量化目标不超过 500 字").nullish(),
    targetValue: z.number({ error: "目标值应为数字" }).finite().nullish(),
    targetUnit: z.string().trim().max(20, "目标单位不超过 20 字").nullish(),
    completionStandard: z.string().trim().max(2000, "完成标准不超过 2000 字").nullish(),
    deadline: isoDate,
    lead: z.array(deptCode).min(1, "至少需要一个牵头单位"),
    support: z.array(deptCode).default([]),
    /** 结转: codes of tasks of the earlier plan (carriesOverFrom) whose unfinished assignments continue here */
    carriesOver: z.array(z.string().regex(/^\d+\.\d+\.\d{2}$/, "结转的任务编号格式应为 方面.举措.两位序号")).default([]),
  })
  .strict();

export const ZPlanMeasure = z
  .object({
    code: z.string().regex(/^\d+\.\d+$/, "举措编号格式应为 方面.序号，例如 3.2"),
    name: z.string().trim().min(2, "举措名称至少 2 个字").max(200, "举措名称不超过 200 字"),
    description: z.string().trim().max(2000).nullish(),
    tasks: z.array(ZPlanTask).min(1, "每项举措至少一个任务"),
  })
  .strict();

export const ZPlanArea = z
  .object({
    code: z.string().regex(/^\d+$/, "方面编号应为数字"),
    name: z.string().trim().min(2, "方面名称至少 2 个字").max(200, "方面名称不超过 200 字"),
    description: z.string().trim().max(2000).nullish(),
    measures: z.array(ZPlanMeasure).min(1, "每个方面至少一项举措"),
  })
  .strict();

export const ZPlanFile = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_-]{2,60}$/, "规划代码只能包含字母、数字、- 和 _"),
    name: z.string().trim().min(2).max(200),
    startYear: z.number().int().min(2000).max(2100),
    endYear: z.number().int().min(2000).max(2100),
    source: z.string().max(500).nullish(),
    /** the plan whose unfinished assignments the tasks' carriesOver take over (its code) */
    carriesOverFrom: z.string().regex(/^[A-Za-z0-9_-]{2,60}$/, "规划代码只能包含字母、数字、- 和 _").nullish(),
    areas: z.array(ZPlanArea).min(1, "至少一个方面"),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.carriesOverFrom && plan.carriesOverFrom === plan.code) ctx.addIssue({ code: "custom", path: ["carriesOverFrom"], message: "不能从本规划结转" });
    if (plan.endYear < plan.startYear) ctx.addIssue({ code: "custom", path: ["endYear"], message: "结束年份早于开始年份" });
    const seen = new Set<string>();
    const carried = new Map<string, string>();
    plan.areas.forEach((area, ai) => {
      area.measures.forEach((m, mi) => {
        if (!m.code.startsWith(`${area.code}.`))
          ctx.addIssue({ code: "custom", path: ["areas", ai, "measures", mi, "code"], message: `举措 ${m.code} 不属于方面 ${area.code}` });
        m.tasks.forEach((t, ti) => {
          const p = ["areas", ai, "measures", mi, "tasks", ti];
          if (!t.code.startsWith(`${m.code}.`))
            ctx.addIssue({ code: "custom", path: [...p, "code"], message: `任务 ${t.code} 不属于举措 ${m.code}` });
          if (seen.has(t.code)) ctx.addIssue({ code: "custom", path: [...p, "code"], message: `任务编号 ${t.code} 重复` });
          seen.add(t.code);
          for (const [ci, c] of t.carriesOver.entries()) {
            if (carried.has(c)) ctx.addIssue({ code: "custom", path: [...p, "carriesOver", ci], message: `原任务 ${c} 已结转到任务 ${carried.get(c)}` });
            carried.set(c, t.code);
          }
          if (t.carriesOver.length && !plan.carriesOverFrom)
            ctx.addIssue({ code: "custom", path: [...p, "carriesOver"], message: "结转需要在规划中写明 carriesOverFrom（原规划代码）" });
          const overlap = t.support.filter((s) => t.lead.includes(s));
          if (overlap.length)
            ctx.addIssue({ code: "custom", path: [...p, "support"], message: `${overlap.join("、")} 同时是牵头和配合单位` });
        });
      });
    });
  });

export type TPlanFile = z.infer<typeof ZPlanFile>;

/** "areas[2].measures[1].tasks[6] (3.2.07) 字段 deadline：日期格式应为 YYYY-MM-DD" */
export function describePlanIssues(raw: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    let label = "";
    let node: unknown = raw;
    const parts: string[] = [];
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[key as string | number] : undefined;
      if (typeof key === "number") {
        const code = node && typeof node === "object" ? (node as { code?: unknown }).code : undefined;
        const kind = path[i - 1] === "areas" ? "方面" : path[i - 1] === "measures" ? "举措" : path[i - 1] === "tasks" ? "任务" : "第";
        parts.push(typeof code === "string" ? `${kind} ${code}` : `${kind}第 ${key + 1} 项`);
      }
    }
    const field = path.length && typeof path[path.length - 1] === "string" ? String(path[path.length - 1]) : "";
    label = parts.length ? parts.join(" › ") : "规划";
    return `${label}${field ? ` 字段 ${field}` : ""}：${issue.message}`;
  });
}
