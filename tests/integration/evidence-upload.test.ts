// Evidence uploads through the real action: a genuine docx is stored with its type; a docx carrying a macro or an
// executable is a field error in Chinese and nothing is written (no progress update, no attachment, no new version).
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { addProgressAction } from "@/lib/tasks/actions";
import { docxEntries } from "@/tests/support/ooxml-fixtures";
import { craftZip } from "@/tests/support/zip-craft";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";

const t = setupTestDatabase();
const file = (bytes: Buffer, name: string) => new File([new Uint8Array(bytes)], name);

describe("evidence packages", () => {
  it("stores a genuine docx; refuses a macro or an executable inside one, writing nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const a = await makeAssignment(t.db, "620102", { progress: 10 });
    const hostile = [
      { bytes: craftZip([...docxEntries(), { name: "word/vbaProject.bin", data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }]), reason: /含有宏/ },
      { bytes: craftZip([...docxEntries(), { name: "word/media/image2.png", data: Buffer.from("MZ\x90\x00 payload", "latin1") }]), reason: /Windows 可执行文件/ },
      { bytes: craftZip([...docxEntries(), { name: "word/embeddings/oleObject1.bin", data: "x" }]), reason: /嵌入对象/ },
    ];
    for (const h of hostile) {
      const r = await executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: a.version, percent: "50", content: "上传佐证材料。", files: [file(h.bytes, "报告.docx")] });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.fieldErrors?.files).toMatch(h.reason);
      expect(!r.ok && r.fieldErrors?.files).toMatch(/^「报告\.docx」/);
    }
    expect(await t.db.progressUpdate.count({ where: { assignmentId: a.id } })).toBe(0);
    expect(await t.db.attachment.count({ where: { progressUpdate: { assignmentId: a.id } } })).toBe(0);
    expect((await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(a.version);

    const good = await executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: a.version, percent: "50", content: "上传佐证材料。", files: [file(craftZip(docxEntries()), "报告.docx")] });
    expect(good, JSON.stringify(good)).toMatchObject({ ok: true });
    const stored = await t.db.attachment.findFirstOrThrow({ where: { progressUpdate: { assignmentId: a.id } } });
    expect(stored).toMatchObject({ filename: "报告.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  });
});
