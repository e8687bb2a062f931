// Status is never carried by colour alone: every red/amber/green mark also has a shape (● 逾期 / ◐ 临期 / ✓ 销号) and
// words. Inline SVG (no font glyphs that may render as boxes); server-safe.
import type { ReactNode } from "react";

export type StatusTone = "red" | "amber" | "green" | "blue" | "slate";

/** The shape for a tone: ● filled (red: overdue/returned), ◐ half (amber: due soon/pending), ✓ check (green: closed/on
 *  track), ○ ring (neutral). Decorative: the words next to it carry the meaning for screen readers. */
export function StatusIcon({ tone, className = "h-3 w-3" }: { tone: StatusTone; className?: string }) {
  const common = { className: `${className} shrink-0`, viewBox: "0 0 12 12", "aria-hidden": true, focusable: false } as const;
  if (tone === "red") {
    return (
      <svg {...common} data-shape="filled">
        <circle cx="6" cy="6" r="5" fill="currentColor" />
      </svg>
    );
  }
  if (tone === "amber") {
    return (
      <svg {...common} data-shape="half">
        <circle cx="6" cy="6" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M6 1.5 A4.5 4.5 0 0 1 6 10.5 Z" fill="currentColor" />
      </svg>
    );
  }
  if (tone === "green") {
    return (
      <svg {...common} data-shape="check">
        <path d="M2 6.5 L4.8 9.2 L10 3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  return (
    <svg {...common} data-shape="ring">
      <circle cx="6" cy="6" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

export const STATUS_BADGE_TONES: Record<StatusTone, string> = {
  slate: "bg-slate-100 text-slate-700",
  blue: "bg-police-50 text-police-700",
  green: "bg-emerald-50 text-emerald-700",
  amber: "bg-amber-50 text-amber-800",
  red: "bg-red-50 text-red-700",
};

/** The one status badge: shape + words + colour. */
export function StatusBadge({ tone, children, testId, icon = true }: { tone: StatusTone; children: ReactNode; testId?: string; icon?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_BADGE_TONES[tone]}`} data-tone={tone} data-testid={testId}>
      {icon ? <StatusIcon tone={tone} /> : null}
      {children}
    </span>
  );
}

