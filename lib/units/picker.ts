// The options of the unit picker (components/forms/unit-combobox.tsx): a tree-ordered unit list (listUnitsInScope)
// as plain values the browser may hold — value (what a form sends: the unit id, or its code for a page link), code,
// name, level, and the depth below the list's first unit (the picker indents by it).
export interface PickerUnit {
  value: number | string;
  code: string;
  name: string;
  level: string;
  depth: number;
}

/** The units `keep` accepts, valued by id (or by code with `by: "code"`), indented from the list's first unit. */
export function unitPickerOptions<U extends { id: number; code: string; name: string; level: string; depth: number }>(
  units: readonly U[],
  opts: { keep?: (u: U) => boolean; by?: "id" | "code" } = {},
): PickerUnit[] {
  const base = units[0]?.depth ?? 0;
  const kept = opts.keep ? units.filter(opts.keep) : units;
  return kept.map((u) => ({ value: opts.by === "code" ? u.code : u.id, code: u.code, name: u.name, level: u.level, depth: Math.max(0, u.depth - base) }));
}
