-- CreateTable
CREATE TABLE "unit_population" (
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "unit_population_pkey" PRIMARY KEY ("unit_id","year")
);

-- CreateIndex
CREATE INDEX "unit_population_unit_path_year_idx" ON "unit_population"("unit_path" text_pattern_ops, "year");

-- 常住人口 files are imported through the import jobs too (lib/population/import.ts).
ALTER TABLE "import_jobs" DROP CONSTRAINT "import_jobs_kind_check";
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_kind_check" CHECK ("kind" IN ('ledger', 'stats', 'population'));
