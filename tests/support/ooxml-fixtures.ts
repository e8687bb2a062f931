// A minimal docx as Word writes it, piece by piece, so that tests can change one thing at a time.
import type { CraftEntry } from "@/tests/support/zip-craft";

export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
export const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

export const types = (extra = "", main = DOC_TYPE) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
  `<Default Extension="png" ContentType="image/png"/>` +
  `<Override PartName="/word/document.xml" ContentType="${main}"/>` +
  `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>${extra}</Types>`;

export const rels = (items: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_REL}">${items}</Relationships>`;
export const rel = (id: string, type: string, target: string, external = false) =>
  `<Relationship Id="${id}" Type="${type.includes("/") ? type : `${REL}/${type}`}" Target="${target}"${external ? ' TargetMode="External"' : ""}/>`;

export const docRels = (extra = "") =>
  rels(rel("rId1", "styles", "styles.xml") + rel("rId2", "image", "media/image1.png") + rel("rId3", "hyperlink", "https://www.gansu.gov.cn/", true) + extra);

/** A minimal docx as Word writes it: text, a style part, a picture, a web hyperlink, core properties. */
export function docxEntries(o: { types?: string; docRels?: string; rootRels?: string } = {}): CraftEntry[] {
  return [
    { name: "[Content_Types].xml", data: o.types ?? types() },
    { name: "_rels/.rels", data: o.rootRels ?? rels(rel("rId1", "officeDocument", "word/document.xml") + rel("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml")) },
    { name: "docProps/core.xml", data: `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>` },
    { name: "word/document.xml", data: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>专项排查情况报告</w:t></w:r></w:p></w:body></w:document>` },
    { name: "word/styles.xml", data: `<?xml version="1.0"?><w:styles xmlns:w="${W}"/>` },
    { name: "word/media/image1.png", data: PNG, method: 0 },
    { name: "word/_rels/document.xml.rels", data: o.docRels ?? docRels() },
  ];
}

