import { defineConfig } from "prisma/config";

// Prisma 7 keeps the datasource URL here. The CLI is only used for `prisma generate`
// (offline); migrations run through scripts/db-migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5433/pingan" },
});
