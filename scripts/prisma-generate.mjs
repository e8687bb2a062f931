// `prisma generate` without Prisma's binary CDN (air-gapped installs): the CLI insists on a schema-engine binary
// path even though generation never runs it, so point it at an existing file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.platform === "win32" ? process.execPath : "/bin/false";
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
