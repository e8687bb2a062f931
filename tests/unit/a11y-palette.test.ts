// The palette in app/globals.css (@theme): text colours are ≥ 4.5:1 on the backgrounds they are used on, status fills
// ≥ 3:1 against white (graphics), and the text on each status fill ≥ 4.5:1 (WCAG 2.1 1.4.3 / 1.4.11).
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const css = fs.readFileSync("app/globals.css", "utf8");
const token = (name: string) => {
  const m = css.match(new RegExp(`--color-${name}:\\s*(#[0-9a-fA-F]{6})`));
  if (!m) throw new Error(`--color-${name} missing from @theme`);
  return m[1];
};
const lum = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

// Tailwind's backgrounds the app puts text on (slate-100 is the page background)
const WHITE = "#ffffff";
const SLATE_50 = "#f8fafc";
const SLATE_100 = "#f1f5f9";
const TINTS: Record<string, string> = { red: "#fef2f2", emerald: "#ecfdf5", amber: "#fffbeb" };

describe("palette contrast", () => {
  it.each(["slate-400", "slate-500", "red-600", "emerald-600", "emerald-700", "amber-700"])("text %s is ≥ 4.5:1 on white, slate-50 and slate-100", (name) => {
    for (const bg of [WHITE, SLATE_50, SLATE_100]) expect(contrast(token(name), bg), `${name} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    const tint = TINTS[name.split("-")[0]];
    if (tint) expect(contrast(token(name), tint)).toBeGreaterThanOrEqual(4.5);
  });
  it("white text on the red and emerald fills is ≥ 4.5:1", () => {
    for (const name of ["red-500", "red-600", "emerald-600", "police-600"]) expect(contrast(WHITE, token(name)), name).toBeGreaterThanOrEqual(4.5);
  });
  it("status fills: text on them ≥ 4.5:1; red and green edge ≥ 3:1 against white", () => {
    expect(contrast(token("status-red-text"), token("status-red"))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(token("status-amber-text"), token("status-amber"))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(token("status-green-text"), token("status-green"))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(token("status-red"), WHITE)).toBeGreaterThanOrEqual(3);
    expect(contrast(token("status-green-edge"), WHITE)).toBeGreaterThanOrEqual(3);
  });
  it("the three status fills differ in greyscale (lightness), so they are told apart without colour", () => {
    const l = ["status-red", "status-amber", "status-green"].map((n) => lum(token(n)));
    expect(l[1] - l[0]).toBeGreaterThan(0.3);
    expect(l[2] - l[1]).toBeGreaterThan(0.1);
  });
});
