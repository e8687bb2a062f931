// The plan picker of the page headers (cockpit, task list, 挂图作战, plan, reports): one link per plan, the shown
// one marked (aria-current and 「当前查看」 in words, not by colour alone), the current plan labelled 当前规划.
// Nothing when there is a single plan. Links keep the page's other query parameters (href is built by the page).
import Link from "@/components/link";
import { type PlanOption, planYears } from "@/lib/plan/choice";

export function PlanPicker({ plans, selected, href }: { plans: PlanOption[]; selected: number | null | undefined; href: (code: string) => string }) {
  if (plans.length < 2) return null;
  return (
    <nav aria-label="选择规划" className="mb-4 flex flex-wrap items-center gap-2 text-sm" data-testid="plan-picker">
      <span className="text-slate-600">规划：</span>
      {plans.map((p) => {
        const on = p.id === selected;
        return (
          <Link
            key={p.id}
            href={href(p.code)}
            title={p.name}
            aria-current={on ? "page" : undefined}
            className={`inline-flex min-h-11 items-center rounded-md border px-3 py-1.5 ${on ? "border-police-600 bg-police-50 font-medium text-police-800" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
          >
            {planYears(p)}
            {p.active ? "（当前规划）" : ""}
            {on ? <span className="ml-1 text-xs">· 当前查看</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}

/** `path?…&plan=code` from a page's parsed parameters (empty values dropped). */
export function withPlan(path: string, params: Record<string, string | number | undefined | null>, code: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "" && k !== "plan") q.set(k, String(v));
  q.set("plan", code);
  return `${path}?${q.toString()}`;
}
