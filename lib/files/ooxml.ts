// Checks a .docx/.xlsx offered as evidence as a package, not as text (issue 9 item 10): a zip as Word/Excel
// write it ([Content_Types].xml, _rels/.rels, the main part), every part with an allowed name and content type,
// no macros, executables, OLE/ActiveX objects or embedded packages, no relationship that reaches outside the file
// (hyperlinks to web pages and mail addresses aside), no hidden bytes, encryption, zip64 or path tricks. The zip
// is read with the same bounds as spreadsheet imports. Every refusal is one Chinese sentence.
import { posix } from "node:path";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { XLSX_ZIP_LIMITS } from "@/lib/io/spreadsheet/limits";
import { type SafeZip, type ZipEntry, ZipError, openZip, zipMessages } from "@/lib/io/zip";
import {
  ALLOWED_CONTENT_TYPES,
  ALLOWED_EXTENSIONS,
  ALLOWED_EXTERNAL,
  BIN_ALLOWED,
  EXECUTABLE_EXTENSIONS,
  EXECUTABLE_MAGIC,
  IMAGE_MAGIC,
  MACRO_NAME,
  MACRO_TYPE,
  MAIN_PARTS,
  MAIN_TYPES,
  OLE_NAME,
  OLE_TYPE,
  REFUSED_RELATIONSHIPS,
} from "./ooxml-rules";

export type OoxmlKind = "docx" | "xlsx";

/** XML parts read whole ([Content_Types].xml, relationships) */
const MAX_XML_PART_BYTES = 4 * 1024 * 1024;

export const OOXML_MSG = {
  notOffice: "不是有效的 Word（.docx）或 Excel（.xlsx）文件（缺少必需的部件）",
  template: "不接受模板文件，请另存为普通的 .docx 或 .xlsx 后上传",
  macro: "文件中含有宏，不能作为证明材料。请另存为不含宏的 .docx/.xlsx 或 PDF 后上传",
  ole: "文件中含有嵌入对象（OLE/ActiveX 控件或嵌入的文件），不能作为证明材料。请删除嵌入对象或另存为 PDF 后上传",
  executable: (name: string, what: string) => `文件中夹带了${what}（${name}），已拒绝`,
  external: (target: string) => `文件引用了外部资源（${target}），不能作为证明材料。请删除外部链接、模板或数据连接后上传`,
  partType: (name: string) => `文件中含有不允许的部件「${name}」`,
  noType: (name: string) => `文件中的部件「${name}」没有声明内容类型，文件可能已损坏或被篡改`,
  mismatch: (name: string) => `文件中的部件「${name}」内容与类型不符`,
  badXml: (name: string) => `文件中的部件「${name}」不是有效的 XML`,
  zip64: "文件使用了 ZIP64 结构，Word/Excel 保存的此类文件不会如此，请重新保存后上传",
  hidden: "文件中夹带了压缩包目录之外的数据，已拒绝",
  encrypted: "文件已加密，请取消密码后上传",
};

class Refusal extends Error {}

const refuse = (message: string): never => {
  throw new Refusal(message);
};

const lastSegment = (uri: string) => uri.replace(/\/+$/, "").split("/").pop()!.toLowerCase();
const extOf = (name: string) => (/\.([^./]+)$/.exec(name)?.[1] ?? "").toLowerCase();
const startsWithBytes = (b: Buffer, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** Parses a small XML part, calling `onTag` for every element (local name, attributes); no DTDs. */
async function readXml(zip: SafeZip, entry: ZipEntry, onTag: (name: string, attrs: Record<string, string>) => void): Promise<void> {
  const text = (await zip.read(entry, MAX_XML_PART_BYTES)).toString("utf8");
  const parser = new SaxesParser();
  let failed = false;
  parser.on("error", () => (failed = true));
  parser.on("doctype", () => (failed = true));
  parser.on("opentag", (tag: SaxesTagPlain) => onTag(tag.name.replace(/^.*:/, ""), tag.attributes as Record<string, string>));
  try {
    parser.write(text.replace(/^\ufeff/, "")).close();
  } catch (e) {
    if (e instanceof Refusal) throw e;
    failed = true;
  }
  if (failed) refuse(OOXML_MSG.badXml(entry.name));
}

function checkName(entry: ZipEntry): void {
  const name = entry.name;
  if (MACRO_NAME.test(name)) refuse(OOXML_MSG.macro);
  if (OLE_NAME.test(name)) refuse(OOXML_MSG.ole);
  const ext = extOf(name);
  if (EXECUTABLE_EXTENSIONS.has(ext)) refuse(OOXML_MSG.executable(name, "可执行文件或脚本"));
  if (name === "[Content_Types].xml") return;
  if (!ALLOWED_EXTENSIONS.has(ext) || (ext === "bin" && !BIN_ALLOWED.test(name)) || !/^[\w\-./[\]%~]+$/.test(name)) refuse(OOXML_MSG.partType(name));
}

function checkType(type: string, name: string): void {
  if (MACRO_TYPE.test(type)) refuse(OOXML_MSG.macro);
  if (OLE_TYPE.test(type)) refuse(OOXML_MSG.ole);
  if (/template/i.test(type)) refuse(OOXML_MSG.template);
  if (!ALLOWED_CONTENT_TYPES.has(type.toLowerCase())) refuse(OOXML_MSG.partType(name));
}

/** Source part of a relationships part: "word/_rels/document.xml.rels" → "word/document.xml"; "_rels/.rels" → "". */
function relsSource(relsName: string): string {
  const dir = posix.dirname(posix.dirname(relsName));
  const file = posix.basename(relsName).replace(/\.rels$/i, "");
  return dir === "." ? file : `${dir}/${file}`;
}

async function check(zip: SafeZip): Promise<OoxmlKind> {
  if (zip.zip64) refuse(OOXML_MSG.zip64);
  if ((await zip.unaccountedBytes()) > 0) refuse(OOXML_MSG.hidden);
  const parts = zip.entries.filter((e) => !e.name.endsWith("/"));
  for (const e of parts) checkName(e);

  // content types: every declared one allowed, every part has one
  const ct = zip.get("[Content_Types].xml");
  if (!ct || !zip.get("_rels/.rels")) return refuse(OOXML_MSG.notOffice);
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  await readXml(zip, ct, (tag, a) => {
    if (tag === "Default" && a.Extension && a.ContentType) defaults.set(a.Extension.toLowerCase(), a.ContentType);
    if (tag === "Override" && a.PartName && a.ContentType) overrides.set(a.PartName.replace(/^\//, "").toLowerCase(), a.ContentType);
  });
  const typeOf = (e: ZipEntry) => overrides.get(e.key) ?? defaults.get(extOf(e.name));
  // a declaration alone is enough to refuse macros and objects; any other type only matters for a part that uses it
  for (const type of [...defaults.values(), ...overrides.values()]) {
    if (MACRO_TYPE.test(type)) refuse(OOXML_MSG.macro);
    if (OLE_TYPE.test(type)) refuse(OOXML_MSG.ole);
  }
  for (const e of parts) {
    if (e === ct) continue;
    const type = typeOf(e);
    if (!type) return refuse(OOXML_MSG.noType(e.name));
    checkType(type, e.name);
  }

  // the main part: what the package's root relationship points at, with its content type
  let mainTarget = "";
  const relsParts = parts.filter((e) => /(^|\/)_rels\/[^/]*\.rels$/i.test(e.name));
  for (const rels of relsParts) {
    const source = relsSource(rels.name);
    await readXml(zip, rels, (tag, a) => {
      if (tag !== "Relationship") return;
      const type = lastSegment(a.Type ?? "");
      const target = a.Target ?? "";
      const refused = REFUSED_RELATIONSHIPS[type];
      if (refused === "macro") refuse(OOXML_MSG.macro);
      if (refused === "ole") refuse(OOXML_MSG.ole);
      const external = (a.TargetMode ?? "").toLowerCase() === "external" || /^[a-z][a-z0-9+.-]*:|^\\\\|^\/\//i.test(target);
      if (refused === "external" || (external && !(type === "hyperlink" && ALLOWED_EXTERNAL.test(target)))) refuse(OOXML_MSG.external(target.slice(0, 100) || type));
      if (!external && target.split(/[\\/]/).includes("..") && posix.normalize(posix.join(posix.dirname(source), target)).startsWith("..")) refuse(OOXML_MSG.partType(target.slice(0, 100)));
      if (rels.key === "_rels/.rels" && type === "officedocument") mainTarget = target.replace(/^\//, "").toLowerCase();
    });
  }
  const kind: OoxmlKind | undefined = mainTarget === MAIN_PARTS.docx ? "docx" : mainTarget === MAIN_PARTS.xlsx ? "xlsx" : undefined;
  const main = kind ? zip.get(MAIN_PARTS[kind]) : undefined;
  if (!kind || !main) return refuse(OOXML_MSG.notOffice);
  const mainType = typeOf(main) ?? "";
  if (MACRO_TYPE.test(mainType)) refuse(OOXML_MSG.macro);
  if (/template/i.test(mainType)) refuse(OOXML_MSG.template);
  if (mainType.toLowerCase() !== MAIN_TYPES[kind].toLowerCase()) refuse(OOXML_MSG.notOffice);

  // contents: no executable or container inside any part; XML parts are XML, pictures are pictures
  for (const e of parts) {
    if (e.uncompressedSize === 0) continue;
    const head = await zip.head(e, 64);
    for (const m of EXECUTABLE_MAGIC) if (startsWithBytes(head, m.bytes)) refuse(OOXML_MSG.executable(e.name, m.name));
    const ext = extOf(e.name);
    if (["xml", "rels", "vml"].includes(ext) && !/^(\ufeff)?\s*</.test(head.toString("utf8"))) refuse(OOXML_MSG.mismatch(e.name));
    const magic = IMAGE_MAGIC[ext];
    if (magic && !magic.some((sig) => startsWithBytes(head, sig))) refuse(OOXML_MSG.mismatch(e.name));
  }
  return kind;
}

/** The package's kind, or the Chinese reason it is refused. */
export async function checkOoxml(bytes: Buffer): Promise<{ kind: OoxmlKind } | { error: string }> {
  let zip: SafeZip;
  try {
    zip = await openZip(bytes, XLSX_ZIP_LIMITS, { strictFileNames: true });
  } catch (e) {
    if (e instanceof ZipError) return { error: e.problem === "encrypted" ? OOXML_MSG.encrypted : e.problem === "notZip" || e.problem === "corrupt" ? OOXML_MSG.notOffice : e.message };
    return { error: OOXML_MSG.notOffice };
  }
  try {
    return { kind: await check(zip) };
  } catch (e) {
    if (e instanceof Refusal) return { error: e.message };
    if (e instanceof ZipError) return { error: e.problem === "encrypted" ? OOXML_MSG.encrypted : e.message };
    // anything else the zip reader trips over (a local header that is not where the directory says, …)
    return { error: zipMessages.corrupt };
  } finally {
    zip.close();
  }
}
