// The saved filters of a list (保存的筛选), above its filter bar: the built-in presets (「我的逾期」「待我审核」
// 「本月新增」), the user's own filters (apply by following the link, delete with ×), and saving the current filter.
import Link from "@/components/link";
import { cx } from "@/components/ui";
import type { SessionUser } from "@/lib/auth/session";
import { SAVED_FILTER_NAME_MAX, listPresets } from "@/lib/saved-filters/lists";
import { savedFilters } from "@/lib/saved-filters/queries";
import { DeleteFilterButton, SaveFilterForm } from "./saved-filter-forms";

const chip = "inline-flex min-h-11 items-center rounded-full border px-3 py-1 md:min-h-0";

/** `current`: the list's filter query as the list parsed it ("" when unfiltered); `path`: the list's own query. */
export async function SavedFilters({ list, user, current, here }: { list: string; user: SessionUser; current: string; here: string }) {
  const [mine, presets] = [await savedFilters(user, list), listPresets(list, user)];
  const isHere = (href: string) => href === here;
  return (
    <section aria-label="常用筛选" className="mb-3 flex flex-wrap items-center gap-2 text-sm" data-testid="saved-filters">
      <span className="text-slate-600">常用筛选：</span>
      {presets.map((p) => (
        <Link key={p.name} href={p.href} aria-current={isHere(p.href) ? "true" : undefined} className={cx(chip, isHere(p.href) ? "border-amber-600 bg-amber-50 font-medium" : "border-amber-300 bg-white text-slate-800 hover:bg-amber-50")}>
          {p.name}
        </Link>
      ))}
      {mine.map((f) => (
        <span key={f.id} className={cx("inline-flex items-center rounded-full border pl-3", isHere(f.href) ? "border-police-600 bg-police-50" : "border-slate-300 bg-white")} data-testid="saved-filter">
          <Link href={f.href} aria-current={isHere(f.href) ? "true" : undefined} className="inline-flex min-h-11 items-center text-police-700 hover:underline md:min-h-0">
            {f.name}
          </Link>
          <DeleteFilterButton id={f.id} name={f.name} />
        </span>
      ))}
      {current ? <SaveFilterForm list={list} query={current} max={SAVED_FILTER_NAME_MAX} /> : null}
    </section>
  );
}
