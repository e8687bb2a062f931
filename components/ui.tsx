// Small presentational building blocks (server-safe: no state, no "use client").
import Link from "@/components/link";
import type { ComponentProps, ReactNode } from "react";
import { StatusBadge, type StatusTone } from "@/components/status";

export function cx(...parts: (string | false | null | undefined)[]) {
  return parts.filter(Boolean).join(" ");
}

/** `note`: a line under the subtitle (e.g. <DataAsOf />, how current the figures are). */
export function PageHeader({ title, subtitle, actions, note }: { title: string; subtitle?: ReactNode; actions?: ReactNode; note?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-500">{subtitle}</p> : null}
        {note}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx("rounded-lg border border-slate-200 bg-white shadow-sm", className)}>
      {title ? (
        <header className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          {actions}
        </header>
      ) : null}
      <div className="p-4">{children}</div>
    </section>
  );
}

export function Stat({ label, value, hint, href }: { label: string; value: ReactNode; hint?: ReactNode; href?: string }) {
  const body = (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-police-200">
      <div className="text-sm text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
  return href ? <Link href={href}>{body}</Link> : body;
}

/** Colour-coded badges (red/amber/green) also carry a shape (components/status.tsx), so status is not colour alone. */
export function Badge({ tone = "slate", children }: { tone?: StatusTone; children: ReactNode }) {
  return (
    <StatusBadge tone={tone} icon={tone === "red" || tone === "amber" || tone === "green"}>
      {children}
    </StatusBadge>
  );
}

export function ButtonLink({ href, children, variant = "primary" }: { href: string; children: ReactNode; variant?: "primary" | "secondary" }) {
  return (
    <Link href={href} className={buttonClass(variant)}>
      {children}
    </Link>
  );
}

export function buttonClass(variant: "primary" | "secondary" | "danger" = "primary", size: "sm" | "md" = "md") {
  return cx(
    "inline-flex shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md font-medium transition disabled:cursor-not-allowed disabled:opacity-50",
    // a phone: every button is a 44 px touch target
    size === "sm" ? "max-md:min-h-11 px-2.5 py-1 text-xs" : "max-md:min-h-11 px-3.5 py-2 text-sm",
    variant === "primary" && "bg-police-600 text-white hover:bg-police-700",
    variant === "secondary" && "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
    variant === "danger" && "bg-red-600 text-white hover:bg-red-700",
  );
}

export const inputClass =
  "block w-full max-md:min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:border-police-500 focus:outline-none focus:ring-1 focus:ring-police-500 focus-within:border-police-500 focus-within:ring-1 focus-within:ring-police-500 aria-[invalid=true]:border-red-500";

/**
 * `stack`: below 768 px each row becomes a card, each cell a line led by its `label` (Td's label prop; globals.css);
 * `stack="inline"`: a compact card, the first cell a line and the others side by side.
 */
export function Table({ children, id, className, stack }: { children: ReactNode; id?: string; className?: string; stack?: boolean | "inline" }) {
  return (
    <div id={id} className={cx("relative overflow-x-auto rounded-lg border border-slate-200 bg-white", className)}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-stack={stack === "inline" ? "inline" : stack ? "" : undefined}>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className, ...rest }: ComponentProps<"th">) {
  return (
    <th scope="col" className={cx("whitespace-nowrap bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-600", className)} {...rest}>
      {children}
    </th>
  );
}

export function Td({ children, className, label, ...rest }: ComponentProps<"td"> & { label?: string }) {
  return (
    <td className={cx("px-3 py-2 align-top text-slate-700", className)} data-label={label} {...rest}>
      {children}
    </td>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}

/** The page numbers to show: the first, the last, and two either side of the current one, with gaps ("…"). */
export function pageNumbers(page: number, pageCount: number): (number | "…")[] {
  const keep = new Set([1, pageCount]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= pageCount) keep.add(n);
  const out: (number | "…")[] = [];
  let last = 0;
  for (const n of [...keep].sort((a, b) => a - b)) {
    if (n - last === 2) out.push(n - 1);
    else if (n - last > 2) out.push("…");
    out.push(n);
    last = n;
  }
  return out;
}

const pageLink = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border px-2 text-sm tabular-nums md:min-h-8 md:min-w-8";

/** Page links (numbers, previous, next) that keep the current filters; optionally a choice of page size. */
export function Pagination({
  page,
  pageCount,
  total,
  hrefFor,
  sizes,
}: {
  page: number;
  pageCount: number;
  total: number;
  hrefFor: (p: number) => string;
  sizes?: { current: number; options: number[]; hrefFor: (size: number) => string };
}) {
  const sizeChoice = sizes ? (
    <span className="flex flex-wrap items-center gap-1 text-xs text-slate-500" data-testid="page-size">
      每页
      {sizes.options.map((n) =>
        n === sizes.current ? (
          <span key={n} aria-current="true" className={cx(pageLink, "border-police-600 bg-police-600 font-medium text-white")}>
            {n}
          </span>
        ) : (
          <Link key={n} href={sizes.hrefFor(n)} className={cx(pageLink, "border-slate-300 bg-white text-slate-700 hover:bg-slate-50")} aria-label={`每页 ${n} 条`}>
            {n}
          </Link>
        ),
      )}
      条
    </span>
  ) : null;
  if (pageCount <= 1)
    return (
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-500">共 {total.toLocaleString("zh-CN")} 条</p>
        {sizeChoice}
      </div>
    );
  return (
    <nav className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="分页">
      <span className="text-xs text-slate-500">
        共 {total.toLocaleString("zh-CN")} 条，第 {page} / {pageCount} 页
      </span>
      <span className="flex flex-wrap items-center gap-1">
        {page > 1 ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(page - 1)}>
            上一页
          </Link>
        ) : null}
        {pageNumbers(page, pageCount).map((n, i) =>
          n === "…" ? (
            <span key={`gap-${i}`} aria-hidden className="px-1 text-slate-500">
              …
            </span>
          ) : n === page ? (
            <span key={n} aria-current="page" className={cx(pageLink, "border-police-600 bg-police-600 font-medium text-white")}>
              {n}
            </span>
          ) : (
            <Link key={n} href={hrefFor(n)} aria-label={`第 ${n} 页`} className={cx(pageLink, "border-slate-300 bg-white text-slate-700 hover:bg-slate-50")}>
              {n}
            </Link>
          ),
        )}
        {page < pageCount ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(page + 1)}>
            下一页
          </Link>
        ) : null}
      </span>
      {sizeChoice}
    </nav>
  );
}
