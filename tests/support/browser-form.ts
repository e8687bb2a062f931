// What a server action receives when Chromium submits a form, for tests that cannot run a browser: the form's
// entries are encoded as Chromium encodes them (an untouched <input type=file> is a part with filename="" and
// Content-Type application/octet-stream, no bytes) and decoded the way `next start` decodes them — as a fetch action
// (React's encodeReply on the client; busboy + decodeReplyFromBusboy on the server, in a child process with the
// react-server condition) and as a no-JavaScript form post (Request.formData()).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("package.json"));
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.node.production.js") as {
  encodeReply: (v: unknown) => Promise<FormData | string>;
};

/** The empty part a browser sends for a file input left empty, as a File in the browser's FormData. */
export const untouchedFileInput = () => new File([], "", { type: "application/octet-stream" });

/** A multipart/form-data body as Chromium writes it (files always carry filename="…" and a Content-Type). */
export async function chromiumMultipart(fd: FormData): Promise<{ contentType: string; body: Buffer }> {
  const boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const quote = (s: string) => s.replace(/"/g, "%22").replace(/\r?\n|\r/g, " ");
  const parts: Buffer[] = [];
  for (const [key, value] of fd.entries()) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(key)}"`;
    let data: Buffer;
    if (typeof value === "string") data = Buffer.from(value.replace(/\r?\n|\r/g, "\r\n"));
    else {
      head += `; filename="${quote(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}`;
      data = Buffer.from(await value.arrayBuffer());
    }
    parts.push(Buffer.from(`${head}\r\n\r\n`), data, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/** The FormData a server action receives from a form submitted with JavaScript on (the usual case). */
export async function asFetchAction(form: FormData): Promise<FormData> {
  const encoded = await encodeReply([form]);
  if (typeof encoded === "string") throw new Error("encodeReply gave a string for a FormData argument");
  const { contentType, body } = await chromiumMultipart(encoded);
  const out = execFileSync(process.execPath, ["--conditions=react-server", path.resolve("tests/support/server-action-decode.mjs")], {
    input: JSON.stringify({ contentType, body: body.toString("base64") }),
    encoding: "utf8",
  });
  const decoded = new FormData();
  for (const [key, v] of JSON.parse(out) as [string, string | { name: string; type: string; data: string }][]) {
    if (typeof v === "string") decoded.append(key, v);
    else decoded.append(key, new File([Buffer.from(v.data, "base64")], v.name, { type: v.type }));
  }
  return decoded;
}

/** The FormData a server action receives from a form posted without JavaScript (Next: Request.formData()). */
export async function asFormPost(form: FormData): Promise<FormData> {
  const { contentType, body } = await chromiumMultipart(form);
  return new Request("http://localhost/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
}
