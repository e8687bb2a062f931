// Tiny but valid evidence files for the demo data: a one-page PDF and a small PNG (correct size and sha256).
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

export interface DemoFile {
  mime: string;
  ext: "pdf" | "png";
  data: Uint8Array<ArrayBuffer>;
  size: number;
  sha256: string;
}

const finish = (ext: "pdf" | "png", buf: Buffer): DemoFile => {
  const data = new Uint8Array(new ArrayBuffer(buf.length));
  data.set(buf);
  return { ext, mime: ext === "pdf" ? "application/pdf" : "image/png", data, size: data.length, sha256: createHash("sha256").update(data).digest("hex") };
};

/** A one-page PDF showing a line of ASCII text, with a correct cross-reference table. */
export function tinyPdf(text: string): DemoFile {
  const safe = text.replace(/[^\x20-\x7e]/g, "?").replace(/[()\\]/g, "");
  const stream = `BT /F1 10 Tf 24 60 Td (${safe}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return finish("pdf", Buffer.from(body, "latin1"));
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A 16×16 PNG in two colours (a "photo" placeholder). */
export function tinyPng(seed: number): DemoFile {
  const w = 16;
  const h = 16;
  const [r, g, b] = [(seed * 47) % 200 + 40, (seed * 91) % 200 + 40, (seed * 13) % 200 + 40];
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const light = (x + y) % 8 < 4;
      raw[o] = light ? r : 255 - r;
      raw[o + 1] = light ? g : 255 - g;
      raw[o + 2] = light ? b : 255 - b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return finish("png", png);
}
