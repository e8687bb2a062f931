// Shared pieces of the work homes: a line of work (status icon + countdown in words, kind, code, title as one link)
// and a section with a count.
import Link from "@/components/link";
import type { ReactNode } from "react";
import { StatusBadge, type StatusTone } from "@/components/status";

export function Countdown({ text, tone }: { text: string; tone: StatusTone }) {
  return (
    <StatusBadge tone={tone} testId="countdown">
      {text}
    </StatusBadge>
  );
}

/** One line of work: the whole title is the link; kind, code, unit and note are small print under it at phone width. */
export function WorkLine({ href, kind, code, title, badge, meta, note, testId = "todo-item", dataKind }: { href: string; kind?: string; code?: string; title: string; badge: ReactNode; meta?: ReactNode; note?: ReactNode; testId?: string; dataKind?: string }) {
  return (
    <li className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-start sm:gap-3" data-testid={testId} data-kind={dataKind}>
      <span className="shrink-0 sm:w-28">{badge}</span>
      <span className="min-w-0 flex-1">
        <Link href={href} className="block break-words text-sm text-slate-900 hover:text-police-600 hover:underline max-md:min-h-11 max-md:py-1">
          {kind ? <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{kind}</span> : null}
          {code ? <span className="mr-2 break-all font-mono text-xs text-slate-500">{code}</span> : null}
          {title}
        </Link>
        {meta || note ? (
          <span className="mt-0.5 block break-words text-xs text-slate-500">
            {meta}
            {meta && note ? " · " : null}
            {note}
          </span>
        ) : null}
      </span>
    </li>
  );
}

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
