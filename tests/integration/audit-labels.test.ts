// The auditor reads Chinese names, not ids: every action and route the app binds has its label on the audit page.
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS } from "@/app/(app)/audit/action-labels";
import { ACTION_DEFINITIONS, ROUTE_DEFINITIONS } from "../support/registries";

describe("audit action labels", () => {
  it("names every bound server action and route in Chinese", () => {
    const missing = [...ACTION_DEFINITIONS, ...ROUTE_DEFINITIONS].map((d) => d.name).filter((n) => !AUDIT_ACTION_LABELS.has(n));
    expect(missing).toEqual([]);
    for (const [name, label] of AUDIT_ACTION_LABELS) expect(label, name).toMatch(/[\u4e00-\u9fff]/);
  });
});
