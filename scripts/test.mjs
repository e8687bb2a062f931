// npm test — every check, in order, stopping at the first failure:
// typecheck → lint → import cycles → unit → integration (throwaway PostgreSQL) → end-to-end (Chromium against a production build)
// → multi-host (two app servers behind nginx, a primary and a streaming replica).
import { spawnSync } from "node:child_process";

const steps = [
  ["类型检查 typecheck", ["npx", "tsc", "--noEmit"]],
  ["代码检查 lint", ["npx", "eslint", "--max-warnings=0", "."]],
  // no file imports itself back through others (tsconfig "@/" paths resolved; type-only and dynamic imports count)
  ["依赖环检查 cycles", ["npx", "madge", "--circular", "--no-spinner", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "--exclude", "^lib/generated/", "app", "components", "lib"]],
  ["单元测试 unit", ["npx", "vitest", "run", "--project", "unit"]],
  ["集成测试 integration", ["npx", "vitest", "run", "--project", "integration"]],
  ["端到端测试 e2e", ["npx", "playwright", "test"]],
  // two app servers behind nginx (deploy/nginx/pingan.conf) with a streaming replica, on the e2e step's build
  ["多服务器测试 multi-host", ["npx", "vitest", "run", "--project", "multi-host"]],
];

const only = process.argv.slice(2);
const t0 = Date.now();
const times = [];
for (const [name, cmd] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const t = Date.now();
  console.log(`\n▶ ${name}: ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  times.push(`${name} ${((Date.now() - t) / 1000).toFixed(0)} s`);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} 失败`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n✓ 全部通过（${((Date.now() - t0) / 1000).toFixed(0)} s）：${times.join("，")}`);
