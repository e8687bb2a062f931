"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Field, useFieldControl } from "@/components/forms/field";
import { inputClass } from "@/components/ui";

export function PeriodPicker({ value, options }: { value: string; options: { key: string; label: string; group: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  return (
    <Field name="period" id="period-picker" label="统计期" layout="bar">
      <PeriodSelect
        value={value}
        options={options}
        onChange={(key) => {
          const next = new URLSearchParams(sp.toString());
          next.set("period", key);
          router.push(`${pathname}?${next}`);
        }}
      />
    </Field>
  );
}

function PeriodSelect({ value, options, onChange }: { value: string; options: { key: string; label: string; group: string }[]; onChange: (key: string) => void }) {
  const groups = [...new Set(options.map((o) => o.group))];
  return (
    <select {...useFieldControl()} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
      {!options.some((o) => o.key === value) ? <option value={value}>{value}</option> : null}
      {groups.map((g) => (
        <optgroup key={g} label={g}>
          {options
            .filter((o) => o.group === g)
            .map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

export function KpiPicker({ value, options, param = "kpi" }: { value: string; options: { id: string; name: string }[]; param?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  return (
    <select
      aria-label="专题指标"
      value={value}
      onChange={(e) => {
        const next = new URLSearchParams(sp.toString());
        next.set(param, e.target.value);
        router.push(`${pathname}?${next}`, { scroll: false });
      }}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
    >
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
