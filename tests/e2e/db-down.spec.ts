// A signed-in page while the database is unreachable: the product's Chinese error page with an error id, in the
// server-rendered HTML (no client JavaScript needed), the same id in the server log — not Next.js's empty error
// shell. Self-contained: its own production server (the build the e2e server made) on a free port, pointed at a
// PostgreSQL address where nothing listens, and a session cookie minted with that server's secret.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

test("database down: a signed-in page is the Chinese error page with its id, readable without JavaScript", async () => {
  test.setTimeout(90_000);
  const [port, deadPort] = await Promise.all([freePort(), freePort()]);
  const secret = randomBytes(32).toString("base64");
  let log = "";
  const web: ChildProcess = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PINGAN_SCHEDULER: "0",
      DATABASE_URL: `postgresql://pingan:unused@127.0.0.1:${deadPort}/pingan`,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://localhost:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  web.stdout!.on("data", (d) => (log += d));
  web.stderr!.on("data", (d) => (log += d));
  try {
    const base = `http://localhost:${port}`;
    // up, and honest about the database
    await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(503);

    const now = Date.now();
    const cookie = `next-auth.session-token=${await encode({ token: { sub: "1", uid: 1, sv: 0, lat: now, seen: now }, secret, maxAge: 3600 })}`;
    for (const p of ["/", "/tasks", "/cockpit/62", "/ledgers/disputes", "/account/password"]) {
      // plain HTTP, as a browser without JavaScript sees it
      const res = await fetch(`${base}${p}`, { headers: { cookie }, redirect: "manual" });
      const html = await res.text();
      expect(html, p).toContain("系统暂时无法处理您的请求");
      expect(html, p).toContain("平安甘肃");
      const id = /data-testid="error-id"[^>]*>([0-9a-f]{8})</.exec(html)?.[1];
      expect(id, `${p}: error id in the HTML`).toBeTruthy();
      expect(html).not.toContain("__next_error__");
      // no internals in the page
      expect(html).not.toMatch(/ECONNREFUSED|prisma|127\.0\.0\.1/i);
      await expect.poll(() => log, { timeout: 5_000 }).toContain(`错误编号 ${id}`);
    }
  } finally {
    web.kill("SIGTERM");
  }
});
