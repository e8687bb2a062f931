// `next build` only when the sources differ from the last build (hash of every input file).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const HASH_FILE = path.join(".next", "pingan-source-hash");

function sourceHash(): string {
  const h = createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else {
      h.update(p);
      h.update(fs.readFileSync(p));
    }
  };
  BUILD_INPUTS.forEach(walk);
  return h.digest("hex");
}

export function buildIfNeeded(log: (m: string) => void = console.log, opts: { force?: boolean } = {}) {
  const hash = sourceHash();
  const built = fs.existsSync(path.join(".next", "BUILD_ID")) && fs.existsSync(HASH_FILE) && fs.readFileSync(HASH_FILE, "utf8") === hash;
  if (built && !opts.force) return;
  log(opts.force ? "正在构建…" : "源代码有变化，正在构建（首次约 1–2 分钟）…");
  const r = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("构建失败（见上方输出）");
  fs.writeFileSync(HASH_FILE, hash);
}

