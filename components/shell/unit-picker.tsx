"use client";
// The unit the user is looking at: any unit in their own subtree (the list comes from the server, already scoped;
// the server re-checks the choice on every request and ignores anything outside the subtree). The picker itself is
// the platform's one unit combobox (components/forms/unit-combobox.tsx).
import { usePathname, useRouter } from "next/navigation";
import { UnitCombobox } from "@/components/forms/unit-combobox";
import type { PickerUnit } from "@/lib/units/picker";

/** A view preference only: the server validates it against the user's subtree on every request. */
function rememberViewUnit(code: string) {
  document.cookie = `pingan_view_unit=${encodeURIComponent(code)}; path=/; samesite=lax; max-age=${60 * 60 * 8}`;
}

export function UnitPicker({ units, current }: { units: PickerUnit[]; current: PickerUnit }) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <UnitCombobox
      units={units}
      value={current.value}
      align="right"
      listLabel="可查看的单位"
      onPick={(u) => {
        rememberViewUnit(u.code);
        router.replace(pathname);
        router.refresh();
      }}
      buttonClassName="flex min-h-11 min-w-0 items-center gap-2 rounded-md border border-white/30 bg-white/10 px-3 py-1.5 text-sm text-white hover:bg-white/20 md:min-h-0"
      buttonProps={{ "data-testid": "unit-picker" }}
      inputTestId="unit-picker-input"
    >
      <span className="shrink-0 text-white/80">查看单位</span>
      <span className="truncate font-medium">{current.name}</span>
      <svg aria-hidden="true" viewBox="0 0 10 6" className="h-2 w-2.5">
        <path d="M0 0 L5 6 L10 0 Z" fill="currentColor" />
      </svg>
    </UnitCombobox>
  );
}
