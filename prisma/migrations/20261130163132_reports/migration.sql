-- CreateTable
CREATE TABLE "report_archives" (
    "id" SERIAL NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "pdf" BYTEA,
    "xlsx" BYTEA,
    "csv" BYTEA,
    "pdf_size" INTEGER,
    "xlsx_size" INTEGER,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "generated_by_id" INTEGER,
    "schedule_id" INTEGER,

    CONSTRAINT "report_archives_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_schedules" (
    "id" SERIAL NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "day_of_month" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" INTEGER NOT NULL,
    "last_period" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "report_archives_unit_path_generated_at_idx" ON "report_archives"("unit_path" text_pattern_ops, "generated_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_archives_schedule_id_period_key" ON "report_archives"("schedule_id", "period");

-- CreateIndex
CREATE INDEX "report_schedules_active_day_of_month_idx" ON "report_schedules"("active", "day_of_month");

-- CreateIndex
CREATE INDEX "report_schedules_unit_path_idx" ON "report_schedules"("unit_path" text_pattern_ops);

-- AddForeignKey
ALTER TABLE "report_archives" ADD CONSTRAINT "report_archives_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "report_schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;
