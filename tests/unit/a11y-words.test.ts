// Users see words, not internals: every audited entity has a Chinese name, changes read as "字段：旧 → 新" sentences
// (no JSON, no raw enum keys), and no page source shows a command line or an emoji/symbol glyph the CJK fonts lack.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditChanges, auditEntityHref, auditEntityLabel, auditSentence } from "@/lib/audit/labels";
import { LEDGERS } from "@/lib/ledgers/configs";

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : files(p, ext);
    return ext.test(d.name) ? [p] : [];
  });
}

const HAN = /[\u4e00-\u9fa5]/;

describe("audit log in words", () => {
  it("names every entity written to the audit log in Chinese", () => {
    const written = new Set<string>();
    for (const f of [...files("lib", /\.ts$/), ...files("scripts", /\.ts$/)]) {
      for (const m of fs.readFileSync(f, "utf8").matchAll(/\bentity: "([A-Z][A-Za-z]+)"/g)) written.add(m[1]);
    }
    for (const c of Object.values(LEDGERS)) written.add(c.model);
    expect(written.size).toBeGreaterThan(15);
    for (const e of written) expect(auditEntityLabel(e), e).toMatch(HAN);
  });

  it("describes changes field by field, without JSON or enum keys", () => {
    const lines = auditChanges("User", { username: "zhang", role: "OFFICER", status: "ACTIVE", unitId: 3 }, { username: "zhang", role: "REVIEWER", status: "DISABLED", unitId: 3 });
    expect(lines).toEqual(["角色：民警 → 审核人", "状态：启用 → 停用"]);
    const task = auditChanges("TaskAssignment", { status: "IN_PROGRESS" }, { status: "PENDING_REVIEW", reviewUnit: "兰州市" });
    expect(task).toEqual(["状态：推进中 → 待审核", "审核单位：兰州市"]);
    const ledger = Object.values(LEDGERS)[0];
    const field = ledger.fields[0];
    expect(auditChanges(ledger.model, null, { ledger: ledger.key, [field.key]: "x", nested: { a: 1 } }).join()).toContain(`${field.label}：x`);
    for (const l of auditChanges("StatValue", { values: { a: 1 } }, { values: { a: 2 }, confirmedWarnings: ["x"] })) expect(l).not.toMatch(/[{}"]/);
  });

  it("writes a sentence with who, what and which record, and links only what the viewer may open", () => {
    expect(auditSentence({ username: "chengguan_minjing", role: "OFFICER", action: "auth.login", entity: "User", entityId: "7", result: "failure" })).toBe("chengguan_minjing（民警）登录：用户 #7（失败）");
    expect(auditEntityHref("TaskAssignment", "12", "OFFICER")).toBe("/tasks/12");
    expect(auditEntityHref("TaskAssignment", "12", "AUDITOR")).toBeNull(); // 三员分立: the auditor reads no business record
    expect(auditEntityHref("User", "12", "SYSADMIN")).toBe("/admin/users/12");
  });
});

describe("no internals or missing glyphs in the UI", () => {
  const ui = [...files("app", /\.tsx$/), ...files("components", /\.tsx$/)];
  it("shows no command lines to users", () => {
    for (const f of ui) expect(fs.readFileSync(f, "utf8"), f).not.toMatch(/npm run|npx /);
  });
  it("uses inline SVG icons, not emoji or dingbats the fonts lack", () => {
    // emoji (U+1F000…), dingbats warning/paperclip-like symbols; ✓ ▲ ▼ → are in the CJK faces and allowed
    for (const f of ui) expect(fs.readFileSync(f, "utf8"), f).not.toMatch(/[\u{1F000}-\u{1FAFF}\u2600-\u26FF\u2700-\u2712\u2714-\u27BF]/u);
  });
});
