// npm start — one command from a fresh clone to a running platform:
//   database (DATABASE_URL, or the embedded PostgreSQL under .data/postgres) → migrations → reference/demo data →
//   `next build` when the sources changed → `next start` on PORT (default 3000).
// Ctrl-C (or SIGTERM) stops the web server, then the embedded database.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../lib/db/client";
import { DATA_DIR, resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";
import { demoWanted, runSeed } from "../lib/seed";
import { buildIfNeeded } from "./lib/build";

const t0 = Date.now();
const log = (m: string) => console.log(`[pingan] ${m}`);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** NEXTAUTH_SECRET: required with DATABASE_URL in production; the embedded demo makes one and keeps it. */
function ensureSecret(embedded: boolean): string {
  const given = process.env.NEXTAUTH_SECRET?.trim();
  if (given) {
    if (given.length < 32) throw new Error("NEXTAUTH_SECRET 太短：至少 32 个字符（例如 openssl rand -base64 48 的输出）。");
    return given;
  }
  if (!embedded) {
    throw new Error(
      "生产环境（已设置 DATABASE_URL）必须设置 NEXTAUTH_SECRET（用于签名登录令牌，各应用服务器必须相同）。\n" +
        "  例如：export NEXTAUTH_SECRET=$(node -e \"console.log(require('crypto').randomBytes(48).toString('base64'))\")",
    );
  }
  const file = path.join(DATA_DIR, "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64");
  fs.mkdirSync(DATA_DIR, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The runtime: npm ci installs the project's Node.js 24 LTS on Linux x64/arm64 (package.json optionalDependencies) as
 * node_modules/.bin/node, so npm scripts and the web processes they spawn (process.execPath) run on it. Elsewhere the
 * machine's own Node.js runs the platform; say so when it is one without security fixes.
 */
function runtimeWarning(): string | null {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return null;
  return `注意：正在 Node.js ${process.version} 上运行，该版本已停止维护（Node.js 20 于 2026-04-30 停止安全修复）。Linux（x64、arm64）上 npm ci 会安装项目固定的 Node.js 24 LTS，请用 npm start 启动；其他平台请安装 Node.js 24 LTS。`;
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT 无效：${process.env.PORT}`);
  const warning = runtimeWarning();
  if (warning) console.warn(`[pingan] ${warning}`);

  const db = await resolveDatabase(log);
  let web: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (web && web.exitCode === null) {
      log("正在停止 Web 服务…");
      web.kill("SIGTERM");
      await new Promise((r) => {
        const t = setTimeout(() => {
          web?.kill("SIGKILL");
          r(null);
        }, 8000);
        web!.once("exit", () => {
          clearTimeout(t);
          r(null);
        });
      });
    }
    if (db.embedded) log("正在停止内置数据库…");
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // a web server never outlives this process (e.g. when it is killed hard)
  process.on("exit", () => {
    if (web && web.exitCode === null) web.kill("SIGKILL");
  });

  try {
    const secret = ensureSecret(db.embedded);
    const applied = await applyMigrations(db.url);
    if (applied.length) log(`已应用数据库迁移：${applied.join(", ")}`);
    const prisma = createPrismaClient(db.url, { max: 4 });
    try {
      const demo = demoWanted(db.embedded);
      const seeded = await runSeed(prisma, { demo });
      if (seeded.units || seeded.plan || seeded.demoAccounts || seeded.demoWork?.assignments || seeded.demoCurrentPlan)
        log(`已载入基础数据：单位 ${seeded.units} 个${seeded.plan ? "，规划纲要" : ""}${demo ? `，演示账号 ${seeded.demoAccounts} 个` : ""}${seeded.demoWork?.assignments ? `，演示任务 ${seeded.demoWork.assignments} 项、台账 ${seeded.demoWork.ledgerRows} 条` : ""}${seeded.demoCurrentPlan ? `，当前规划（年度工作要点）演示任务 ${seeded.demoCurrentPlan} 项` : ""}`);
    } finally {
      await prisma.$disconnect();
    }
    buildIfNeeded(log);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: db.url,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      PORT: String(port),
    };
    const child = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), ...(process.env.LISTEN_HOST ? ["-H", process.env.LISTEN_HOST] : [])], {
      stdio: ["ignore", "pipe", "inherit"],
      env,
    });
    web = child;
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text);
      if (/Ready in|started server|✓ Ready/i.test(text)) {
        log(`平台已就绪：http://localhost:${port}（用时 ${elapsed()}，Node.js ${process.version}）${db.embedded ? "。演示账号见 README，密码 Pingan@2023" : ""}`);
      }
    });
    child.on("exit", (code) => {
      if (!stopping) {
        log(`Web 服务已退出（代码 ${code}）`);
        void stop(code ?? 1);
      }
    });
  } catch (e) {
    console.error(`\n[pingan] 启动失败：${e instanceof Error ? e.message : e}`);
    await stop(1);
  }
}

void main();
