import type { Metadata } from "next";
import Link from "@/components/link";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import { EmptyState, PageHeader, buttonClass, cx, inputClass } from "@/components/ui";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { SEARCH_MAX, parseSearchTerm, searchPage } from "@/lib/search/queries";

export const metadata: Metadata = { title: "搜索" };

// /search?q= — the header's search without JavaScript, and the full list behind its suggestions: every kind of
// record the user may open, grouped, each hit a link to its page.
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // the three administrators hold no business permission: 404 like any page they may not open
  const user = await requirePermission("dashboard:read");
  const { q, error } = parseSearchTerm(await searchParams);
  return (
    <div>
      <PageHeader title="搜索" subtitle={`在${user.unitName}及下级单位的任务、规划任务和全部清单台账中，按编号（如 QB-620102-2025-0001、任务 1.1.01）、标题或人名查找。`} />
      <form action="/search" method="get" role="search" className="mb-4 flex flex-wrap gap-2 rounded-lg border border-slate-200 bg-white p-3">
        <label htmlFor="search-page-q" className="sr-only">
          搜索词
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={SEARCH_MAX}
          placeholder="编号、标题或人名"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "search-page-error" : undefined}
          className={cx(inputClass, "min-w-0 flex-1")}
        />
        <button className={buttonClass("primary")}>搜索</button>
        {error ? (
          <p id="search-page-error" className="w-full text-sm text-red-700" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {q && !error ? (
        <Suspense key={q} fallback={<PageLoading what="搜索结果" />}>
          <Results user={user} q={q} />
        </Suspense>
      ) : null}
    </div>
  );
}

async function Results({ user, q }: { user: SessionUser; q: string }) {
  const groups = await searchPage(user, q);
  if (!groups.length) return <EmptyState title={`没有找到与「${q}」相符的记录`}>只查找您有权查看的单位的记录。换个编号、标题中的词或人名试试。</EmptyState>;
  return (
    <div className="space-y-4" data-testid="search-results">
      <p className="text-sm text-slate-600" role="status">
        「{q}」的结果，按类别列出（每类最多 20 条）。
      </p>
      {groups.map((g) => (
        <section key={g.kind} aria-labelledby={`search-group-${g.kind}`} className="rounded-lg border border-slate-200 bg-white" data-kind={g.kind}>
          <h2 id={`search-group-${g.kind}`} className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2 text-base font-semibold text-slate-800">
            <span>
              {g.label} <span className="text-sm font-normal text-slate-500">{g.more ? `${g.hits.length}+ 条` : `${g.hits.length} 条`}</span>
            </span>
            {g.more && g.moreHref ? (
              <Link href={g.moreHref} className="text-sm font-normal text-police-600 underline">
                在列表中查看全部
              </Link>
            ) : null}
          </h2>
          <ul className="divide-y divide-slate-100">
            {g.hits.map((h) => (
              <li key={h.id} className="px-4 py-2">
                <Link href={h.href} className="flex min-h-11 flex-col justify-center text-police-600 hover:underline md:min-h-0">
                  <span className="break-words">
                    <span className="mr-2 font-mono text-xs text-slate-500">{h.code}</span>
                    {h.title || "（无标题）"}
                  </span>
                </Link>
                <p className="text-xs break-words text-slate-500">
                  {[h.unitName, h.match].filter(Boolean).join(" · ")}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
