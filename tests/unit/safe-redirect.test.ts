// The one redirect-target check (login callbackUrl, next-auth's redirect callback, the proxy): a table of hostile
// inputs, each of which a browser would read as another origin (or which would put a control character into the
// Location header), must yield "/"; ordinary paths come back normalised and unchanged in meaning.
import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeRedirectPath } from "@/lib/http/safe-redirect";

const ORIGIN = "http://localhost:3000";

const HOSTILE: string[] = [
  // absolute and scheme-relative
  "http://evil.example",
  "https://evil.example/cockpit",
  "//evil.example",
  "///evil.example",
  "////evil.example/x",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  // control characters the URL parser strips (decoded once by the query string: %09 %0a %0d)
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "/\t\\evil.example",
  " //evil.example",
  // dot segments that collapse into "//host"
  "/.//evil.example",
  "/./\\evil.example",
  "/a/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  // other schemes
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox",
  "http:evil.example",
  "https:/evil.example",
  // credentials and unicode tricks
  "http://localhost:3000@evil.example/",
  "//localhost:3000@evil.example",
  "/\u3002/evil.example".replace("/\u3002", "//evil\u3002example"),
  "／／evil.example",
  "\u2215\u2215evil.example",
  "//evil。example",
  // not a string, empty, absurdly long
  "",
  "x".repeat(5000),
  "evil.example",
  "?callbackUrl=//evil.example",
];

describe("safeRedirectPath", () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v).slice(0, 60), v]))("refuses %s", (_label, v) => {
    const out = safeRedirectPath(v, ORIGIN);
    expect(out).toBe("/");
  });

  it("never returns anything a browser reads as another origin, for percent-decoding 0–2 times", () => {
    for (const v of HOSTILE) {
      for (const form of [v, encodeURIComponent(v), encodeURIComponent(encodeURIComponent(v))]) {
        let decoded = form;
        for (let i = 0; i < 3; i++) {
          const out = safeRedirectPath(decoded, ORIGIN);
          expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
          expect(out.startsWith("/")).toBe(true);
          expect(out.startsWith("//")).toBe(false);
          expect(out).not.toMatch(/[\u0000-\u001f\u007f\s\\]/);
          try {
            decoded = decodeURIComponent(decoded);
          } catch {
            break;
          }
        }
      }
    }
  });

  it("keeps same-site paths, normalised as the browser would", () => {
    expect(safeRedirectPath("/cockpit/62?period=2025-10#map", ORIGIN)).toBe("/cockpit/62?period=2025-10#map");
    expect(safeRedirectPath("/ledgers/disputes", ORIGIN)).toBe("/ledgers/disputes");
    expect(safeRedirectPath("/a/../tasks", ORIGIN)).toBe("/tasks");
    expect(safeRedirectPath("/tasks?q=矛盾 纠纷", ORIGIN)).toBe("/tasks?q=%E7%9F%9B%E7%9B%BE%20%E7%BA%A0%E7%BA%B7");
    // double-encoded slashes stay an (unknown) path on this site
    expect(safeRedirectPath("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
    expect(safeRedirectPath("/%252F%252Fevil.example", ORIGIN)).toBe("/%252F%252Fevil.example");
    // a path whose control character the parser drops is still a path here
    expect(safeRedirectPath("/tas\tks", ORIGIN)).toBe("/tasks");
    expect(safeRedirectPath(["/stats", "//evil.example"], ORIGIN)).toBe("/stats");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(42)).toBe("/");
  });
});

describe("safeAuthRedirect (next-auth redirect callback)", () => {
  it("keeps this site's URLs and sends everything else home", () => {
    expect(safeAuthRedirect("/login?loggedOut=1", ORIGIN)).toBe(`${ORIGIN}/login?loggedOut=1`);
    expect(safeAuthRedirect(`${ORIGIN}/tasks`, ORIGIN)).toBe(`${ORIGIN}/tasks`);
    for (const v of HOSTILE) {
      const out = safeAuthRedirect(v, ORIGIN);
      expect(new URL(out).origin).toBe(ORIGIN);
      expect(new URL(out).pathname.startsWith("//")).toBe(false);
    }
    expect(safeAuthRedirect(`${ORIGIN}//evil.example`, ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeAuthRedirect("http://localhost:3001/tasks", ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeAuthRedirect("https://localhost:3000/tasks", ORIGIN)).toBe(`${ORIGIN}/`);
  });
});
