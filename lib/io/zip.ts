// Bounded ZIP reading for uploads (XLSX imports, DOCX/XLSX evidence), on yauzl.
// The central directory is read and checked first (entry count, declared sizes, encryption, names), then entries
// are inflated on demand with every byte counted: yauzl stops an entry that inflates past its declared size, and
// we stop any entry past the per-entry limit and the archive past the total limit. Nothing here trusts a header.
// No "server-only": also used by scripts and tests. Messages are Chinese and shown to the user as they are.
import { Transform, type Readable } from "node:stream";
import yauzl from "yauzl";

export interface ZipLimits {
  maxEntries: number;
  /** uncompressed bytes of any one entry */
  maxEntryBytes: number;
  /** uncompressed bytes of all entries together (declared, and actually inflated) */
  maxTotalBytes: number;
}

export type ZipProblem = "notZip" | "tooManyEntries" | "entryTooLarge" | "totalTooLarge" | "sizeMismatch" | "encrypted" | "badName" | "duplicate" | "method" | "corrupt";

/** A refused archive; `message` is Chinese and names the limit, `problem` lets callers choose their own wording. */
export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
    this.name = "ZipError";
  }
}

export interface ZipEntry {
  /** as stored, "/"-separated */
  name: string;
  /** lower-cased name for look-ups (OOXML part names are case-insensitive) */
  key: string;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  flags: number;
  /** the entry carries a zip64 extra field */
  zip64: boolean;
  /** offset of the local header in the archive */
  offset: number;
  raw: yauzl.Entry;
}

export interface SafeZip {
  entries: ZipEntry[];
  get(name: string): ZipEntry | undefined;
  /** the archive has a zip64 end-of-central-directory record or zip64 entries */
  zip64: boolean;
  comment: string;
  /** The entry's inflated bytes, counted against the limits (and `maxBytes`, if tighter) as they come. */
  open(entry: ZipEntry, maxBytes?: number): Promise<Readable>;
  /** The whole entry (for parts that are small by their limit). */
  read(entry: ZipEntry, maxBytes?: number): Promise<Buffer>;
  /** The first `n` inflated bytes (stops inflating there). */
  head(entry: ZipEntry, n: number): Promise<Buffer>;
  /** Byte ranges of the archive not covered by any local entry or the central directory (hidden data). */
  unaccountedBytes(): Promise<number>;
  close(): void;
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export const zipMessages = {
  notZip: "文件不是有效的压缩包（可能已损坏）",
  tooManyEntries: (max: number) => `文件中的部件超过 ${max} 个上限`,
  entryTooLarge: (name: string, max: number) => `文件中的部件「${name}」解压后超过 ${mb(max)} 上限`,
  totalTooLarge: (max: number) => `文件解压后超过 ${mb(max)} 上限`,
  sizeMismatch: (name: string) => `文件中的部件「${name}」解压后的大小与声明不符（文件已损坏或被恶意构造），已停止读取`,
  encrypted: "文件已加密，请取消密码后再上传",
  badName: (name: string) => `文件中含有非法路径的部件「${name}」`,
  duplicate: (name: string) => `文件中的部件「${name}」重复出现`,
  method: (name: string) => `文件中的部件「${name}」使用了不支持的压缩方式`,
  corrupt: "文件已损坏，无法读取",
};

const ZIP64_LOCATOR = 0x07064b50;

function yauzlProblem(e: unknown): ZipError {
  if (e instanceof ZipError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const name = /(?:fileName|path): (.*)$/.exec(msg)?.[1]?.slice(0, 100) ?? "";
  if (/invalid characters in fileName|absolute path|invalid relative path/.test(msg)) return new ZipError("badName", zipMessages.badName(name));
  if (/encryption/.test(msg)) return new ZipError("encrypted", zipMessages.encrypted);
  if (/signature not found|not a zip/i.test(msg)) return new ZipError("notZip", zipMessages.notZip);
  return new ZipError("corrupt", zipMessages.corrupt);
}

/**
 * Opens and checks an archive held in memory. Throws ZipError for: not a zip, more entries than allowed (from the
 * end record, before reading any), a declared size over a limit, encryption, a name that is absolute, has "..",
 * a drive letter or a control character, duplicate names (case-insensitive), a method other than stored/deflate.
 */
export async function openZip(buf: Buffer, limits: ZipLimits, opts: { strictFileNames?: boolean } = {}): Promise<SafeZip> {
  let zf: yauzl.ZipFile;
  try {
    zf = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: opts.strictFileNames ?? false, decodeStrings: true });
  } catch (e) {
    throw yauzlProblem(e);
  }
  try {
    if (zf.entryCount > limits.maxEntries) throw new ZipError("tooManyEntries", zipMessages.tooManyEntries(limits.maxEntries));
    const entries: ZipEntry[] = [];
    const byKey = new Map<string, ZipEntry>();
    let declared = 0;
    try {
      for await (const raw of zf.eachEntry()) {
        const name = raw.fileName;
        if (/[\u0000-\u001f\u007f]/.test(name) || name.split("/").some((s) => s === "." || s === "..")) {
          throw new ZipError("badName", zipMessages.badName(name.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 100)));
        }
        if (raw.isEncrypted()) throw new ZipError("encrypted", zipMessages.encrypted);
        if (raw.compressionMethod !== 0 && raw.compressionMethod !== 8) throw new ZipError("method", zipMessages.method(name));
        if (raw.uncompressedSize > limits.maxEntryBytes) throw new ZipError("entryTooLarge", zipMessages.entryTooLarge(name, limits.maxEntryBytes));
        declared += raw.uncompressedSize;
        if (declared > limits.maxTotalBytes) throw new ZipError("totalTooLarge", zipMessages.totalTooLarge(limits.maxTotalBytes));
        const key = name.toLowerCase();
        if (byKey.has(key)) throw new ZipError("duplicate", zipMessages.duplicate(name));
        const entry: ZipEntry = {
          name,
          key,
          compressedSize: raw.compressedSize,
          uncompressedSize: raw.uncompressedSize,
          method: raw.compressionMethod,
          flags: raw.generalPurposeBitFlag,
          zip64: raw.extraFields.some((f) => f.id === 0x0001),
          offset: raw.relativeOffsetOfLocalHeader,
          raw,
        };
        entries.push(entry);
        byKey.set(key, entry);
      }
    } catch (e) {
      throw yauzlProblem(e);
    }
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const zip64 = entries.some((e) => e.zip64) || (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR);
    return makeSafeZip(buf, zf, entries, byKey, limits, zip64, eocd);
  } catch (e) {
    zf.close();
    throw e;
  }
}

function makeSafeZip(buf: Buffer, zf: yauzl.ZipFile, entries: ZipEntry[], byKey: Map<string, ZipEntry>, limits: ZipLimits, zip64: boolean, eocd: number): SafeZip {
  let inflated = 0;

  async function open(entry: ZipEntry, maxBytes = limits.maxEntryBytes): Promise<Readable> {
    const max = Math.min(maxBytes, limits.maxEntryBytes);
    if (entry.uncompressedSize > max) throw new ZipError("entryTooLarge", zipMessages.entryTooLarge(entry.name, max));
    let source: Readable;
    try {
      source = await zf.openReadStreamPromise(entry.raw);
    } catch (e) {
      throw yauzlProblem(e);
    }
    let own = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        own += chunk.length;
        inflated += chunk.length;
        if (own > max) return cb(new ZipError("entryTooLarge", zipMessages.entryTooLarge(entry.name, max)));
        if (inflated > limits.maxTotalBytes) return cb(new ZipError("totalTooLarge", zipMessages.totalTooLarge(limits.maxTotalBytes)));
        cb(null, chunk);
      },
    });
    source.on("error", (e) => {
      const msg = e instanceof Error ? e.message : "";
      counter.destroy(/too many bytes|not enough bytes/.test(msg) ? new ZipError("sizeMismatch", zipMessages.sizeMismatch(entry.name)) : yauzlProblem(e));
    });
    counter.on("close", () => (source as Readable & { destroy(): void }).destroy());
    return source.pipe(counter);
  }

  async function read(entry: ZipEntry, maxBytes?: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await open(entry, maxBytes)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function head(entry: ZipEntry, n: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let got = 0;
    const stream = await open(entry);
    for await (const c of stream) {
      chunks.push(c as Buffer);
      got += (c as Buffer).length;
      if (got >= n) break;
    }
    stream.destroy();
    return Buffer.concat(chunks).subarray(0, n);
  }

  async function unaccountedBytes(): Promise<number> {
    if (eocd < 0) return buf.length;
    const cdOffset = buf.readUInt32LE(eocd + 16);
    const spans: [number, number][] = [];
    for (const e of entries) {
      const { fileDataStart } = await zf.readLocalFileHeaderPromise(e.raw, { minimal: true });
      let end = fileDataStart + e.compressedSize;
      // data descriptor after the data: optional signature + crc + sizes (32 or 64 bit)
      if (e.flags & 0x08) {
        const sig = end + 4 <= buf.length && buf.readUInt32LE(end) === 0x08074b50 ? 4 : 0;
        end += sig + 4 + (e.zip64 ? 16 : 8);
      }
      spans.push([e.offset, end]);
    }
    spans.push([cdOffset, eocd + 22 + buf.readUInt16LE(eocd + 20)]);
    spans.sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let pos = 0;
    for (const [start, end] of spans) {
      covered += Math.max(0, end - Math.max(start, pos));
      pos = Math.max(pos, end);
    }
    return buf.length - covered;
  }

  return {
    entries,
    get: (name) => byKey.get(name.replace(/^\/+/, "").toLowerCase()),
    zip64,
    comment: zf.comment,
    open,
    read,
    head,
    unaccountedBytes,
    close: () => zf.close(),
  };
}
