// npm test — every check, in order, stopping at the first failure:
// typecheck → lint → import cycles → unit → integration (throwaway PostgreSQL) → end-to-end (Chromium against a production build)
// → multi-host (two app servers behind nginx, a primary and a streaming replica).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// vitest's own result, not only its exit status: an integration run has ended with status 0 despite a failed test
// (seen twice: the summary said "1 failed" and the next step started). Each vitest step also writes a JSON report,
// and the step fails when that report is missing or counts any failed test or suite.
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-test-"));
process.on("exit", () => fs.rmSync(reportDir, { recursive: true, force: true }));
const vitest = (project) => {
  const file = path.join(reportDir, `${project}.json`);
  return { cmd: ["npx", "vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], report: file };
};

const steps = [
  ["类型检查 typecheck", ["npx", "tsc", "--noEmit"]],
  ["代码检查 lint", ["npx", "eslint", "--max-warnings=0", "."]],
  // no file imports itself back through others (tsconfig "@/" paths resolved; type-only and dynamic imports count)
  ["依赖环检查 cycles", ["npx", "madge", "--circular", "--no-spinner", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "--exclude", "^lib/generated/", "app", "components", "lib"]],
  ["单元测试 unit", vitest("unit")],
  ["集成测试 integration", vitest("integration")],
  ["端到端测试 e2e", ["npx", "playwright", "test"]],
  // two app servers behind nginx (deploy/nginx/pingan.conf) with a streaming replica, on the e2e step's build
  ["多服务器测试 multi-host", vitest("multi-host")],
];

// the throwaway PostgreSQL instances need room: the integration run's grows to ~4.4 GB, the e2e run's ~1.4 GB. A full
// disk shows up minutes later as one test's "No space left on device"; say it first. (Folders left by a killed run
// are removed by the next throwaway start: lib/db/embedded.ts, sweepAbandonedThrowaways.)
const NEEDED_GB = 8;
try {
  const { bavail, bsize } = fs.statfsSync(os.tmpdir());
  const freeGb = (bavail * bsize) / 2 ** 30;
  if (freeGb < NEEDED_GB) console.warn(`⚠ 临时目录 ${os.tmpdir()} 所在磁盘只剩 ${freeGb.toFixed(1)} GB，测试中的临时数据库约需 ${NEEDED_GB} GB；空间不足时会出现 "No space left on device"。`);
} catch {
  /* statfs unavailable: nothing to say */
}

const only = process.argv.slice(2);
const t0 = Date.now();
const times = [];
for (const [name, step] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const cmd = Array.isArray(step) ? step : step.cmd;
  const t = Date.now();
  console.log(`\n▶ ${name}: ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  times.push(`${name} ${((Date.now() - t) / 1000).toFixed(0)} s`);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} 失败`);
    process.exit(r.status ?? 1);
  }
  if (!Array.isArray(step)) {
    const failed = vitestFailures(step.report);
    if (failed) {
      console.error(`\n✗ ${name} 失败：${failed}（vitest 退出码为 0）`);
      process.exit(1);
    }
  }
}
console.log(`\n✓ 全部通过（${((Date.now() - t0) / 1000).toFixed(0)} s）：${times.join("，")}`);

/** what vitest's JSON report says went wrong, or "" when every test passed */
function vitestFailures(file) {
  if (!fs.existsSync(file)) return "没有生成测试结果报告";
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const failedFiles = (r.testResults ?? []).filter((f) => f.status === "failed").map((f) => path.relative(process.cwd(), f.name));
  if (r.numFailedTests || r.numFailedTestSuites || failedFiles.length || r.success === false)
    return `${r.numFailedTests ?? 0} 个测试失败${failedFiles.length ? `（${failedFiles.join("、")}）` : ""}`;
  return "";
}
