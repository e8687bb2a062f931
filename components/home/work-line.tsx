"use client";
// One line of work on a home: the whole title is the link; kind, code, unit and note are small print under it at
// phone width; the status (shape + words, components/status.tsx) in front. A client component taking plain values:
// the homes list up to ~70 such lines, and a client-side navigation then sends each as a few strings instead of the
// server rendering its ~10 elements into the page's flight data (a whole-page load still has them in its HTML).
import Link from "@/components/link";
import { StatusBadge, type StatusTone } from "@/components/status";

export function WorkLine({ href, kind, code, title, status, meta, note, testId = "todo-item", dataKind }: { href: string; kind?: string; code?: string; title: string; status: { text: string; tone: StatusTone }; meta?: string | null; note?: string | null; testId?: string; dataKind?: string }) {
  return (
    <li className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-start sm:gap-3" data-testid={testId} data-kind={dataKind}>
      <span className="shrink-0 sm:w-28">
        <StatusBadge tone={status.tone} testId="countdown">
          {status.text}
        </StatusBadge>
      </span>
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
