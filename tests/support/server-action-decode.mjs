// Decodes a server action's multipart body exactly as `next start` does for a fetch action (JavaScript on): Next's
// busboy copy feeding React's decodeReplyFromBusboy (lib: next/dist/server/app-render/action-handler.js). Needs the
// "react-server" condition, hence a separate process: `node --conditions=react-server server-action-decode.mjs`.
// stdin: {"contentType": "...", "body": "<base64>"}; stdout: the decoded FormData of the first argument as
// [key, string | {name, type, data: base64}][].
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const require = createRequire(`${process.cwd()}/package.json`);
const busboyOf = require("next/dist/compiled/busboy");
const { decodeReplyFromBusboy } = require("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-server.node.production.js");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { contentType, body } = JSON.parse(input);
const bb = busboyOf({ defParamCharset: "utf8", headers: { "content-type": contentType } });
const [, args] = await Promise.all([pipeline(Readable.from([Buffer.from(body, "base64")]), bb), decodeReplyFromBusboy(bb, {}, {})]);
const out = [];
for (const [key, value] of args[0].entries()) {
  out.push([key, typeof value === "string" ? value : { name: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()).toString("base64") }]);
}
process.stdout.write(JSON.stringify(out));
