// 绩效考评: a weighted indicator tree of 100 points set by the province. Each scored indicator turns one KPI into
// points by one of three methods; indicators can also be shown without being scored. Add and deduct items (with
// evidence) adjust a unit's total within caps; so does a configurable deduction per overdue 督办 (督办逾期扣分).
import { z } from "zod";
import { zString } from "@/lib/validation";
import { KPI_MAP } from "@/lib/kpi/definitions";

export const ZIndicator = z
  .object({
    id: zString().regex(/^[A-Za-z0-9_.-]{1,40}$/, "指标编号只能是字母、数字和 _ . -"),
    name: zString().trim().min(2).max(40),
    kpi: zString().refine((k) => KPI_MAP.has(k), "未知的指标"),
    /** full points (0 for indicators that are only shown) */
    points: z.number().min(0).max(100),
    scored: z.boolean().default(true),
    /**
     * target: full points at `target` or better, none at `floor` or worse, linear between (values as the KPI's own
     *         numbers: rates as fractions, counts as counts);
     * rank:   by position among the peers: first = full points, last = 0;
     * yoy:    by the change on the same period last year: full at `target` improvement (e.g. 0.1 = 10 %) or more,
     *         none at `floor` worsening (e.g. 0.1) or more.
     */
    method: z.enum(["target", "rank", "yoy"]),
    target: z.number().optional(),
    floor: z.number().optional(),
  })
  .refine((i) => i.method === "rank" || (i.target !== undefined && i.floor !== undefined), { message: "目标法、同比法须设置 target 和 floor", path: ["target"] });

export const ZScheme = z
  .object({
    name: zString().trim().min(2).max(60),
    groups: z
      .array(
        z.object({
          id: zString().regex(/^[a-z0-9_-]{1,40}$/),
          name: zString().trim().min(2).max(40),
          indicators: z.array(ZIndicator).min(1),
        }),
      )
      .min(1),
    /** caps for add / deduct items per unit and period */
    maxAdd: z.number().min(0).max(20),
    maxDeduct: z.number().min(0).max(50),
    /** points deducted per 督办单 overdue at the period's end (KPI supervision.overdue of the unit's subtree), within maxDeduct */
    overdueSupervisionPoints: z.number().min(0).max(10).default(0.5),
  })
  .superRefine((s, ctx) => {
    const total = s.groups.flatMap((g) => g.indicators).filter((i) => i.scored).reduce((n, i) => n + i.points, 0);
    if (Math.abs(total - 100) > 1e-6) ctx.addIssue({ code: "custom", path: ["groups"], message: `计分指标合计应为 100 分，当前 ${total} 分` });
    const ids = s.groups.flatMap((g) => g.indicators.map((i) => i.id));
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dup.length) ctx.addIssue({ code: "custom", path: ["groups"], message: `指标编号重复：${dup.join("、")}` });
  });

export type TScheme = z.infer<typeof ZScheme>;
export type TIndicator = z.infer<typeof ZIndicator>;

/** The default scheme (a proposal built from the plan's themes; the province replaces it). */
export const DEFAULT_SCHEME: TScheme = {
  name: "主动创稳绩效考评指标体系（试行）",
  maxAdd: 5,
  maxDeduct: 10,
  overdueSupervisionPoints: 0.5,
  groups: [
    {
      id: "plan",
      name: "规划落实",
      indicators: [
        { id: "plan.completion", name: "任务销号率", kpi: "plan.completion", points: 15, scored: true, method: "target", target: 0.95, floor: 0.6 },
        { id: "plan.overdue", name: "逾期未销号任务", kpi: "plan.overdue", points: 10, scored: true, method: "rank" },
      ],
    },
    {
      id: "intel",
      name: "情指行一体化",
      indicators: [
        { id: "intel.ontime", name: "情报按时上报率", kpi: "intel.ontime", points: 10, scored: true, method: "target", target: 0.95, floor: 0.7 },
        { id: "loops.overdue", name: "逾期未闭环情报", kpi: "loops.overdue", points: 10, scored: true, method: "rank" },
      ],
    },
    {
      id: "disputes",
      name: "矛盾纠纷化解",
      indicators: [
        { id: "mediation.rate", name: "调解成功率", kpi: "mediation.rate", points: 12, scored: true, method: "target", target: 0.98, floor: 0.9 },
        { id: "disputes.flagged", name: "命案风险预警纠纷", kpi: "disputes.flagged", points: 8, scored: true, method: "rank" },
        { id: "disputes.screened", name: "排查矛盾纠纷", kpi: "disputes.screened", points: 0, scored: false, method: "rank" },
      ],
    },
    {
      id: "crime",
      name: "打击犯罪",
      indicators: [
        { id: "criminal.solved", name: "刑事案件破案同比", kpi: "criminal.solved", points: 8, scored: true, method: "yoy", target: 0.1, floor: 0.1 },
        { id: "telecom.cases", name: "电诈发案同比", kpi: "telecom.cases", points: 6, scored: true, method: "yoy", target: 0.1, floor: 0.1 },
        { id: "telecom.loss", name: "电诈损失同比", kpi: "telecom.loss", points: 6, scored: true, method: "yoy", target: 0.1, floor: 0.1 },
        { id: "economic.recovered", name: "经济犯罪挽损", kpi: "economic.recovered", points: 0, scored: false, method: "rank" },
      ],
    },
    {
      id: "service",
      name: "服务发展",
      indicators: [
        { id: "ent.coverage", name: "护航警官覆盖率", kpi: "ent.coverage", points: 5, scored: true, method: "target", target: 1, floor: 0.8 },
        { id: "ent.demandClosure", name: "企业诉求办结率", kpi: "ent.demandClosure", points: 5, scored: true, method: "target", target: 0.95, floor: 0.7 },
        { id: "ent.visits", name: "走访企业", kpi: "ent.visits", points: 5, scored: true, method: "rank" },
      ],
    },
  ],
};
