// Issue 12, "Also found": Chromium sends an untouched <input type=file> as an empty part (filename "", 0 bytes,
// application/octet-stream), and Next's decoder turns it into a File named "undefined" — saving task progress
// without evidence failed with 「undefined」是空文件. For EVERY action with a file field (found from the fixtures of
// the authorization matrix, so a new upload action is covered without touching this file), the form is sent as
// Chromium sends it with each file input left empty and decoded as `next start` decodes it (JavaScript on, and a
// no-JavaScript post): an optional file field is "no file" and the action succeeds storing nothing; a required one
// is the field error 「请选择文件」 and nothing is written. No message ever says "undefined".
import { describe, expect, it } from "vitest";
import { executeAction, payloadOf } from "@/lib/actions/core";
import { ROLES, can } from "@/lib/auth/permissions";
import { readEvidence } from "@/lib/files/evidence";
import { addProgressAction } from "@/lib/tasks/actions";
import { isEmptyFilePart } from "@/lib/validation";
import { asFetchAction, asFormPost, untouchedFileInput } from "../support/browser-form";
import { ACTION_DEFINITIONS } from "../support/registries";
import { ACTION_FIXTURES } from "./helpers/action-fixtures";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";

const t = setupTestDatabase();

const isFileValue = (v: unknown) => v instanceof File || (Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof File));

/** The form as the browser builds it: every field of a valid input, each file input left empty. */
function untouchedForm(input: Record<string, unknown>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(input)) {
    if (isFileValue(v)) fd.append(k, untouchedFileInput());
    else for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) fd.append(k, String(x));
  }
  return fd;
}

describe("the empty part of an untouched file input", () => {
  it("is what the server really receives from Chromium: a 0-byte File named \"undefined\" (fetch action) or \"\" (form post)", async () => {
    const form = new FormData();
    form.append("id", "1");
    form.append("files", untouchedFileInput());
    const fetched = (await asFetchAction(form)).get("files");
    const posted = (await asFormPost(form)).get("files");
    // the root cause: busboy gives the part no filename, React builds new File(chunks, undefined)
    expect(fetched).toBeInstanceOf(File);
    expect(fetched).toMatchObject({ name: "undefined", size: 0 });
    expect(posted).toBeInstanceOf(File);
    expect(posted).toMatchObject({ name: "", size: 0 });
    expect(isEmptyFilePart(fetched)).toBe(true);
    expect(isEmptyFilePart(posted)).toBe(true);
    // payloadOf leaves it out: the field is simply absent
    expect(payloadOf(await asFetchAction(form))).toEqual({ id: "1" });
    // a chosen file is never taken for an empty part
    expect(isEmptyFilePart(new File(["x"], ""))).toBe(false);
    expect(isEmptyFilePart(new File([], "记录.pdf"))).toBe(false);
  });

  const cases: [string, typeof ACTION_DEFINITIONS[number], string | undefined][] = ACTION_DEFINITIONS.flatMap((d) =>
    (ACTION_FIXTURES[d.name]?.variants ?? [undefined]).map((v) => [v ? `${d.name} (${v})` : d.name, d, v] as [string, typeof d, string | undefined]),
  );

  it("every action with a file field: optional → accepted as no file; required → 「请选择文件」, nothing written", async () => {
    const seen: string[] = [];
    for (const [label, def, variant] of cases) {
      const fixture = ACTION_FIXTURES[def.name];
      const role = ROLES.find((r) => can(r, def.permission))!;
      const actor = await makeUser(t.db, role, fixture.actorUnit ?? "6201");
      const unit = fixture.actorUnit ?? "620102";
      const probe = await fixture.input(t.db, unit, variant, actor.id);
      const fileKeys = Object.keys(probe).filter((k) => isFileValue(probe[k]));
      if (!fileKeys.length) continue;
      for (const key of fileKeys) {
        // required or optional, as the schema says: the valid input without this field
        const without = { ...probe };
        delete without[key];
        const parsed = def.input.safeParse(without);
        const required = !parsed.success && parsed.error.issues.some((i) => i.path[0] === key);
        for (const [how, decode] of [["fetch action", asFetchAction], ["form post", asFormPost]] as const) {
          seen.push(`${label}.${key} ${required ? "required" : "optional"} (${how})`);
          // a fresh valid input (its record unused), the file field(s) left empty
          const input = await fixture.input(t.db, unit, variant, actor.id);
          const form = untouchedForm(input);
          // the other file fields keep their chosen file, so only this one is empty
          for (const other of fileKeys.filter((k) => k !== key)) {
            form.delete(other);
            for (const f of ([] as File[]).concat(input[other] as File | File[])) form.append(other, f);
          }
          const received = await decode(form);
          const before = await snapshot(t.db);
          const audits = await t.db.auditLog.count({ where: { action: def.name, result: "success" } });
          const r = await executeAction(def, t.db, actor, null, received);
          const where = `${label}.${key} (${how}): ${JSON.stringify(r)}`;
          expect(JSON.stringify(r), where).not.toMatch(/undefined/);
          if (required) {
            expect(r.ok, where).toBe(false);
            expect(!r.ok && r.code, where).toBe("INVALID");
            expect(!r.ok && r.fieldErrors?.[key], where).toBe("请选择文件");
            expect(await snapshot(t.db), where).toEqual(before);
            expect(await t.db.auditLog.count({ where: { action: def.name, result: "success" } }), where).toBe(audits);
          } else {
            expect(r, where).toMatchObject({ ok: true });
            const after = await snapshot(t.db);
            // no file of any kind was stored
            for (const table of ["attachments", "import_jobs"]) expect(after[table], `${where}: ${table}`).toBe(before[table]);
            expect(await t.db.auditLog.count({ where: { action: def.name, result: "success" } }), where).toBe(audits + 1);
          }
        }
      }
    }
    // the upload forms of today: evidence with progress (optional), ledger and statistics imports (required)
    expect(seen).toEqual(expect.arrayContaining([
      "task.progress.files optional (fetch action)",
      "task.progress.files optional (form post)",
      "ledger.import (disputes).file required (fetch action)",
      "stats.import.file required (form post)",
    ]));
  });

  it("a chosen file that is empty is named in the message, an unnamed one is 「所选文件」 — never 「undefined」", async () => {
    expect(await readEvidence(new File([], "记录.pdf"))).toBe("「记录.pdf」是空文件");
    expect(await readEvidence(new File([], "undefined"))).toBe("「所选文件」是空文件");
    expect(await readEvidence(new File(["not a pdf"], ""))).toMatch(/^「所选文件」不是允许的文件类型/);
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const a = await makeAssignment(t.db, "620102", { progress: 10 });
    const form = new FormData();
    for (const [k, v] of Object.entries({ id: a.id, version: a.version, percent: 30, content: "召开推进会议一次。" })) form.append(k, String(v));
    form.append("files", new File([], "记录.pdf", { type: "application/pdf" }));
    const r = await executeAction(addProgressAction, t.db, officer, null, await asFetchAction(form));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors?.files).toBe("「记录.pdf」是空文件");
    expect(await t.db.progressUpdate.count({ where: { assignmentId: a.id } })).toBe(0);
  });
});
