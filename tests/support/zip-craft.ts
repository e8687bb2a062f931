// Hand-crafted ZIP archives for tests of hostile uploads: lying size headers, many entries, odd flags, gaps,
// and deflate streams of gigabytes built without ever holding the inflated bytes.
import zlib from "node:zlib";

export interface CraftEntry {
  name: string;
  /** content, deflated here (method 8) or stored (method 0) */
  data?: Buffer | string;
  /** an already raw-deflated stream, with its real inflated size */
  deflated?: { bytes: Buffer; size: number };
  /** the uncompressed size written into both headers (default: the real one) */
  declaredSize?: number;
  method?: 0 | 8;
  flags?: number;
  /** extra field bytes, in both headers */
  extra?: Buffer;
}

/** A raw deflate stream of `head + body × times + tail` (e.g. 500 MB of XML in ~0.5 MB). */
export async function deflateRepeated(head: string, body: string, times: number, tail: string): Promise<{ bytes: Buffer; size: number }> {
  const d = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on("data", (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => d.on("end", resolve));
  const block = Buffer.from(body.repeat(Math.max(1, Math.floor((1 << 20) / body.length))));
  const perBlock = block.length / Buffer.byteLength(body);
  d.write(head);
  let left = times;
  while (left > 0) {
    const n = Math.min(left, perBlock);
    const chunk = n === perBlock ? block : Buffer.from(body.repeat(n));
    if (!d.write(chunk)) await new Promise((resolve) => d.once("drain", resolve));
    left -= n;
  }
  d.end(tail);
  await done;
  return { bytes: Buffer.concat(out), size: Buffer.byteLength(head) + Buffer.byteLength(body) * times + Buffer.byteLength(tail) };
}

export function craftZip(entries: CraftEntry[], opts: { comment?: string; gapAfterFirst?: Buffer } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const method = e.method ?? 8;
    let comp: Buffer;
    let size: number;
    let crc = 0;
    if (e.deflated) {
      comp = e.deflated.bytes;
      size = e.deflated.size;
    } else {
      const data = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : (e.data ?? Buffer.alloc(0));
      comp = method === 8 ? zlib.deflateRawSync(data) : data;
      size = data.length;
      crc = zlib.crc32(data);
    }
    const declared = e.declaredSize ?? size;
    const flags = (e.flags ?? 0) | 0x800;
    const nameBuf = Buffer.from(e.name, "utf8");
    const extra = e.extra ?? Buffer.alloc(0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(declared, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(declared, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, extra, comp);
    central.push(ch, nameBuf, extra);
    offset += 30 + nameBuf.length + extra.length + comp.length;
    if (i === 0 && opts.gapAfterFirst) {
      locals.push(opts.gapAfterFirst);
      offset += opts.gapAfterFirst.length;
    }
  });
  const cd = Buffer.concat(central);
  const comment = Buffer.from(opts.comment ?? "", "utf8");
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, eocd, comment]);
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

/** The parts of a minimal valid workbook around the given first sheet (and optional shared strings). */
export function xlsxEntries(sheet: Omit<CraftEntry, "name">, sharedStrings?: Omit<CraftEntry, "name">): CraftEntry[] {
  return [
    {
      name: "[Content_Types].xml",
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        (sharedStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` : "") +
        `</Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    { name: "xl/workbook.xml", data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: "xl/_rels/workbook.xml.rels",
      data:
        `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : "") +
        `</Relationships>`,
    },
    ...(sharedStrings ? [{ name: "xl/sharedStrings.xml", ...sharedStrings }] : []),
    { name: "xl/worksheets/sheet1.xml", ...sheet },
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_TAIL = `</sheetData></worksheet>`;
export const SST_HEAD = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`;
export const SST_TAIL = `</sst>`;
