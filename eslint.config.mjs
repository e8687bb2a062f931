import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const GOOGLE_FONTS = { name: "next/font/google", message: "内网无法访问 Google Fonts：请用 next/font/local 或系统字体。" };
// every page is dynamic: automatic prefetch would cost a server request per visible link (components/link.tsx)
const NEXT_LINK = { name: "next/link", message: "请用 @/components/link（不自动预取；见该文件的说明）。" };

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "lib/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/out/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [GOOGLE_FONTS, NEXT_LINK] }],
    },
  },
  {
    // Pages, layouts and their server components read through lib/<feature>/queries.ts (README, query-module contract):
    // no database client, no generated Prisma code. tests/unit/page-imports.test.ts checks the same without ESLint.
    // (This entry replaces the rule above for these files, so it repeats the fonts path.)
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [GOOGLE_FONTS, NEXT_LINK],
          patterns: [{ group: ["@/lib/db", "@/lib/db/*", "@/lib/generated/*", "**/lib/db", "**/lib/db/*", "**/lib/generated/*"], message: "页面与组件只经 lib/<功能>/queries.ts 读数据：不要直接使用数据库客户端或 Prisma 生成代码（见 README 代码结构）。" }],
        },
      ],
    },
  },
  {
    // the one place that wraps next/link
    files: ["components/link.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [GOOGLE_FONTS] }] },
  },
  {
    // Beijing time is computed in lib/time.ts only (issue 10): the +8 h offset written anywhere else is refused.
    // Tests are exempt: their oracles spell Beijing instants independently ("…+08:00").
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["lib/time.ts", "tests/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          // 8 * 3600_000, -8 * 3600_000, 8 * 3600 * 1000, 8 * 60 * 60 * 1000, 8 * 60 * 60_000, 3600_000 * 8
          "BinaryExpression[operator='*']:matches([left.value=8], [left.argument.value=8]):matches([right.value=3600], [right.value=3600000])",
          "BinaryExpression[operator='*'][left.operator='*']:matches([left.left.value=8], [left.left.argument.value=8])[left.right.value=60]:matches([right.value=60], [right.value=60000])",
          "BinaryExpression[operator='*']:matches([left.value=3600], [left.value=3600000]):matches([right.value=8], [right.argument.value=8])",
          // 8 * HOUR, 8 * HOUR_MS, HOUR_MS * 8
          "BinaryExpression[operator='*']:matches([left.value=8], [left.argument.value=8])[right.type='Identifier'][right.name=/hour/i]",
          "BinaryExpression[operator='*'][left.type='Identifier'][left.name=/hour/i]:matches([right.value=8], [right.argument.value=8])",
          "Literal:matches([value=28800], [value=28800000], [value=-28800000])",
          "Literal[value=/[+]08:?00$/]",
          "TemplateElement[value.raw=/[+]08:?00/]",
        ].map((selector) => ({ selector, message: "北京时间换算只在 lib/time.ts（shanghaiToday、shanghaiDayStart、shanghaiIso…）：不要在别处写 +8 小时。" })),
      ],
    },
  },
]);
