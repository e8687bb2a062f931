// The multi-host test runs the repository's deploy/nginx/pingan.conf with only the upstream servers and the listen
// port replaced: the substitution keeps every other line, and refuses a file of another shape.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { NGINX_CONF, siteConfig } from "../multi-host/cluster";

const conf = fs.readFileSync(NGINX_CONF, "utf8");

describe("deploy/nginx/pingan.conf → 测试用配置", () => {
  it("只替换 upstream 的服务器和 listen，保留每台的参数与其余每一行", () => {
    const out = siteConfig(conf, ["127.0.0.1:4001", "127.0.0.1:4002", "127.0.0.1:4003"], "127.0.0.1:4100");
    const servers = out.match(/^[ \t]*server[ \t]+\S+[^;\n]*;$/gm) ?? [];
    expect(servers.map((l) => l.trim())).toEqual([
      "server 127.0.0.1:4001 max_fails=2 fail_timeout=10s;",
      "server 127.0.0.1:4002 max_fails=2 fail_timeout=10s;",
      "server 127.0.0.1:4003 max_fails=2 fail_timeout=10s;",
    ]);
    expect(out.match(/^\s*listen\s+[^;]+;$/gm)?.map((l) => l.trim())).toEqual(["listen 127.0.0.1:4100;"]);
    const rest = (s: string) => s.split("\n").filter((l) => !/^\s*(server\s+\S+:\d+|listen)\s/.test(l));
    expect(rest(out)).toEqual(rest(conf));
    // what the recipe promises is in the file the test runs
    for (const d of ["proxy_next_upstream error timeout http_502 http_503 http_504;", "X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_buffering off;", "client_max_body_size 32m;", "keepalive 32;"]) expect(out).toContain(d);
    // POSTs are never retried on another server once sent
    expect(out).not.toMatch(/^[ \t]*proxy_next_upstream[ \t][^#\n]*non_idempotent/m);
  });

  it("文件结构不符时拒绝（不会悄悄运行另一份配置）", () => {
    expect(() => siteConfig(conf.replace("upstream pingan_app", "upstream other"), ["a:1", "b:2"], "1")).toThrow(/upstream pingan_app/);
    expect(() => siteConfig(conf.replace(/^\s*server 127\.0\.0\.2:3000[^\n]*\n/m, ""), ["a:1", "b:2"], "1")).toThrow(/至少有两台/);
    expect(() => siteConfig(conf.replace("listen 80;", "listen 80;\n    listen 81;"), ["a:1", "b:2"], "1")).toThrow(/listen/);
  });
});
