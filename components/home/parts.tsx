// Shared pieces of the work homes: a line of work (work-line.tsx: status icon + countdown in words, kind, code, title
// as one link) and a section with a count.
import Link from "@/components/link";
import type { ReactNode } from "react";

export { WorkLine } from "./work-line";

export function Section({ title, count, actions, children, testId }: { title: string; count?: number; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid={testId}>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-800">
          {title}
          {count !== undefined ? <span className="ml-2 tabular-nums text-slate-500" data-testid="section-count">{count}</span> : null}
        </h2>
        {actions}
      </header>
      <div className="px-4 py-2">{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-3 text-sm text-slate-500">{children}</p>;
}

export function MoreLink({ href, children = "查看全部" }: { href: string; children?: ReactNode }) {
  return (
    <Link href={href} className="text-sm text-police-600 hover:underline max-md:inline-flex max-md:min-h-11 max-md:items-center">
      {children}
    </Link>
  );
}
