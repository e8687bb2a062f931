// The binary COPY reader's tuple splitter and the byte cell writers (lib/db/stream-rows.ts readTuples,
// lib/io/byte-cells.ts) against the spreadsheet writers they stand in for: every cell written as bytes equals the
// writers' own text of the same value (csvField / cellXml), for nasty text, Beijing midnight edges, DST-era and
// pre-2000 instants, microseconds, ±infinity, extreme years, negative and 64-bit integers.
import { describe, expect, it } from "vitest";
import { readTuples } from "@/lib/db/stream-rows";
import { ByteSink, csvDateBytes, csvDateTimeBytes, csvTextBytes, intBytes, serialDateText, serialDateTimeText, xmlTextBytes } from "@/lib/io/byte-cells";
import { csvTextCell, xmlInline } from "@/lib/io/text-cells";
import { csvField } from "@/lib/io/write-spreadsheet";
import { cellXml } from "@/lib/io/xlsx-stream";

const PG_EPOCH = Date.UTC(2000, 0, 1);
const DAY = 86_400_000;

function written(f: (out: ByteSink) => void): string {
  const out = new ByteSink(64);
  f(out);
  return out.cut().toString("utf8");
}
const textBuf = (s: string) => Buffer.from(s, "utf8");
function micros(us: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(us);
  return b;
}
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const cellValue = (c: string) => (c ? c.slice(c.indexOf("<v>") + 3, c.indexOf("</v>")) : "");

const TEXTS = [
  "plain",
  "中文纠纷概况",
  'say "hi", then go',
  "line1\nline2",
  "cr\r\nlf",
  "=1+1",
  "+86 139",
  "-2",
  "@SUM(A1)",
  "\tTAB",
  "\rCR",
  " leading",
  "trailing ",
  "\u3000全角\u3000",
  "全角尾\u3000",
  "\u00a0nbsp",
  "nbsp\u00a0",
  "\ufeffbom",
  "\u2028ls",
  "\u205f",
  "“引号开头”",
  "「括号」",
  "a & b < c > d ' e",
  'quote " only',
  "ctl\u0001\u000b\u001f\uFFFEend",
  "\uFFFF",
  "\uFFFD replacement",
  "emoji 🚓👮‍♀️ 𠀀",
  "𠀀",
  "中文，逗号；引号“”",
  "back\\slash \\N",
  "tab\tinside",
  "nl\ninside",
  "x".repeat(32767),
  "x".repeat(32768),
  "中".repeat(20000),
];

describe("text cells as bytes", () => {
  it.each(TEXTS.map((s) => [s.length > 40 ? `${s.slice(0, 10)}…(${s.length})` : JSON.stringify(s), s]))("CSV and XML of %s equal the writers'", (_, s) => {
    const b = Buffer.concat([Buffer.from("xx"), textBuf(s), Buffer.from("yy")]);
    expect(written((o) => csvTextBytes(o, b, 2, b.length - 4))).toBe(csvTextCell(s));
    expect(written((o) => csvTextBytes(o, b, 2, b.length - 4))).toBe(csvField(s, "text"));
    expect(written((o) => xmlTextBytes(o, b, 2, b.length - 4))).toBe(xmlInline(s));
    const c = cellXml("A1", s, "text", 0);
    expect(written((o) => xmlTextBytes(o, b, 2, b.length - 4))).toBe(c.slice(c.indexOf("<is>") + 4, c.lastIndexOf("</is>")));
  });
  it("an empty text", () => {
    expect(written((o) => csvTextBytes(o, Buffer.alloc(0), 0, 0))).toBe("");
    expect(written((o) => xmlTextBytes(o, Buffer.alloc(0), 0, 0))).toBe("<t></t>");
  });
});

describe("instants and days as bytes", () => {
  const instants = [
    "2025-03-04T16:00:00Z", // Beijing midnight
    "2025-03-04T15:59:59.999Z",
    "2025-03-05T01:02:03.456Z",
    "2024-12-31T23:59:59.999Z",
    "1991-12-31T15:59:59.999Z", // the last instant before 1992 in Beijing…
    "1991-12-31T16:00:00Z",
    "1992-01-01T00:00:00Z",
    "1988-06-30T15:30:00Z", // DST
    "1988-04-09T18:00:00Z",
    "1969-12-31T23:59:59.999Z",
    "1900-01-01T00:00:00Z",
    "2000-01-01T00:00:00Z",
    "1999-12-31T23:59:59.999Z",
    "2099-12-31T16:00:00Z",
    "9999-12-31T15:59:59.999Z",
  ];
  it.each(instants.map((s) => [s]))("%s: CSV text and Excel serial equal the writers'", (iso) => {
    const ms = Date.parse(iso);
    for (const extraMicros of [0n, 999n]) {
      const b = micros(BigInt(ms - PG_EPOCH) * 1000n + extraMicros);
      expect(written((o) => csvDateTimeBytes(o, b, 0))).toBe(csvField(new Date(ms), "datetime"));
      expect(serialDateTimeText(b, 0)).toBe(cellValue(cellXml("A1", new Date(ms), "datetime", 0)));
    }
  });
  it("microseconds truncate to the millisecond, before 2000 too (as JavaScript's Date from pg)", () => {
    const b = micros(-1n); // 1999-12-31 23:59:59.999999 UTC
    expect(written((o) => csvDateTimeBytes(o, b, 0))).toBe(csvField(new Date(PG_EPOCH - 1), "datetime"));
  });
  it("±infinity is an empty cell", () => {
    for (const v of [0x7fffffffffffffffn, -0x8000000000000000n]) {
      expect(written((o) => csvDateTimeBytes(o, micros(v), 0))).toBe("");
      expect(serialDateTimeText(micros(v), 0)).toBe("");
    }
    for (const v of [0x7fffffff, -0x80000000]) {
      expect(written((o) => csvDateBytes(o, int32(v), 0))).toBe("");
      expect(cellXml("A1", new Date(NaN), "date", 0)).toBe("");
    }
  });
  it.each([["2025-03-05"], ["2000-01-01"], ["1999-12-31"], ["1988-06-30"], ["1000-01-01"], ["0999-12-31"], ["9999-12-31"], ["1900-03-01"]])("day %s: CSV text and Excel serial equal the writers'", (day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    const b = int32(Math.round((ms - PG_EPOCH) / DAY));
    expect(written((o) => csvDateBytes(o, b, 0))).toBe(csvField(new Date(ms), "date"));
    expect(serialDateText(b, 0)).toBe(cellValue(cellXml("A1", new Date(ms), "date", 0)));
  });
});

describe("integers as bytes", () => {
  it.each([[0], [7], [10], [-1], [-2147483648], [2147483647], [123456]])("int4 %d", (v) => {
    expect(written((o) => intBytes(o, int32(v), 0, 4))).toBe(csvField(v, "integer"));
  });
  it("int2 and int8 (beyond 2^53 as the number JavaScript makes of it)", () => {
    const b2 = Buffer.alloc(2);
    b2.writeInt16BE(-300);
    expect(written((o) => intBytes(o, b2, 0, 2))).toBe("-300");
    for (const v of [0n, -5n, 9007199254740993n, 123456789012345678n, -9223372036854775808n]) {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(v);
      const s = v.toString();
      expect(written((o) => intBytes(o, b, 0, 8))).toBe(s.length < 16 ? s : String(Number(s)));
    }
  });
});

describe("the byte sink", () => {
  it("cuts what was written since the last cut, across slabs, without touching what it handed out", () => {
    const out = new ByteSink(16);
    out.ascii("abc");
    const a = out.cut();
    out.utf8("中文".repeat(20));
    out.ascii("z");
    const b = out.cut();
    out.bytes(Buffer.from("tail"));
    const c = out.cut();
    expect(a.toString()).toBe("abc");
    expect(b.toString()).toBe(`${"中文".repeat(20)}z`);
    expect(c.toString()).toBe("tail");
  });
});

describe("the binary COPY tuple splitter", () => {
  /** a tuple of `width` fields (null → length -1) */
  function tuple(fields: (Buffer | null)[]): Buffer {
    const parts: Buffer[] = [Buffer.from([fields.length >> 8, fields.length & 255])];
    for (const f of fields) parts.push(int32(f ? f.length : -1), ...(f ? [f] : []));
    return Buffer.concat(parts);
  }
  const rows = [
    [textBuf("JF-1"), null, int32(5)],
    [textBuf(""), textBuf("中文"), null],
    [textBuf("x".repeat(300)), textBuf("y"), int32(-1)],
  ];
  const stream = Buffer.concat([...rows.map(tuple), Buffer.from([0xff, 0xff])]);

  it("reads every whole tuple at any cut of the stream, leaves an incomplete one, sees the trailer", () => {
    for (let cutAt = 0; cutAt <= stream.length; cutAt++) {
      const got: (string | null)[][] = [];
      let p = 0;
      let ended = false;
      for (const end of [cutAt, stream.length]) {
        const t = readTuples(stream, p, end, 3, 1 << 20);
        for (let r = 0; r < t.rows; r++) {
          const row: (string | null)[] = [];
          for (let i = 0; i < 3; i++) {
            const o = t.cells[2 * (3 * r + i)] + p;
            const len = t.cells[2 * (3 * r + i) + 1];
            row.push(len < 0 ? null : stream.subarray(o, o + len).toString("hex"));
          }
          got.push(row);
        }
        p = t.end;
        ended ||= t.ended;
      }
      expect(got).toEqual(rows.map((r) => r.map((f) => (f ? f.toString("hex") : null))));
      expect(ended).toBe(true);
      expect(p).toBe(stream.length);
    }
  });
  it("stops after about maxBytes and fails loudly on a tuple of another width", () => {
    const t = readTuples(stream, 0, stream.length, 3, 1);
    expect(t.rows).toBe(1);
    expect(t.end).toBe(tuple(rows[0]).length);
    expect(() => readTuples(stream, 0, stream.length, 4, 1 << 20)).toThrow(/每行应有 4 列/);
  });
});
