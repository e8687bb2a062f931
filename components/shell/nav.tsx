"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui";

export function Nav({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  // the most specific item wins (/security/policy lights up 安全策略, not 安全管理 too)
  const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const current = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label="主导航" className="flex flex-col gap-0.5 p-3">
      {items.map((item) => {
        const active = item.href === current;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "rounded-md px-3 py-2 text-sm transition",
              active ? "bg-police-600 font-medium text-white" : "text-slate-200 hover:bg-police-800 hover:text-white",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
