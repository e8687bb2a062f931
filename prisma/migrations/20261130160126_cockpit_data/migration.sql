-- CreateTable
CREATE TABLE "stat_values" (
    "id" SERIAL NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DECIMAL(18,2) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stat_values_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprises" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "address" TEXT,
    "contact_name" TEXT,
    "contact_phone" TEXT,
    "escort_name" TEXT,
    "escort_badge" TEXT,
    "escort_phone" TEXT,
    "status" TEXT NOT NULL,
    "enrolled_on" DATE NOT NULL,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprises_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise_visits" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "enterprise_id" INTEGER,
    "visited_on" DATE NOT NULL,
    "officer_name" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "findings" TEXT,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprise_visits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise_demands" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "enterprise_id" INTEGER,
    "raised_on" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolved_on" DATE,
    "handling" TEXT,
    "satisfaction" TEXT,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprise_demands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enterprise_cases" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "enterprise_id" INTEGER,
    "case_no" TEXT NOT NULL,
    "case_type" TEXT NOT NULL,
    "filed_on" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "loss_amount" INTEGER,
    "recovered_amount" INTEGER,
    "summary" TEXT,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprise_cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_schemes" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tree" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assessment_schemes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_adjustments" (
    "id" SERIAL NOT NULL,
    "scheme_id" INTEGER NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "points" DECIMAL(6,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assessment_adjustments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stat_values_metric_month_unit_path_idx" ON "stat_values"("metric", "month", "unit_path" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "stat_values_unit_id_month_metric_key" ON "stat_values"("unit_id", "month", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "enterprises_code_key" ON "enterprises"("code");

-- CreateIndex
CREATE UNIQUE INDEX "enterprises_uscc_key" ON "enterprises"("uscc");

-- CreateIndex
CREATE INDEX "enterprises_unit_path_enrolled_on_idx" ON "enterprises"("unit_path" text_pattern_ops, "enrolled_on");

-- CreateIndex
CREATE UNIQUE INDEX "enterprises_unit_id_import_key_key" ON "enterprises"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_visits_code_key" ON "enterprise_visits"("code");

-- CreateIndex
CREATE INDEX "enterprise_visits_unit_path_visited_on_idx" ON "enterprise_visits"("unit_path" text_pattern_ops, "visited_on");

-- CreateIndex
CREATE INDEX "enterprise_visits_enterprise_id_idx" ON "enterprise_visits"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_visits_unit_id_import_key_key" ON "enterprise_visits"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_demands_code_key" ON "enterprise_demands"("code");

-- CreateIndex
CREATE INDEX "enterprise_demands_unit_path_raised_on_idx" ON "enterprise_demands"("unit_path" text_pattern_ops, "raised_on");

-- CreateIndex
CREATE INDEX "enterprise_demands_enterprise_id_idx" ON "enterprise_demands"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_demands_unit_id_import_key_key" ON "enterprise_demands"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_cases_code_key" ON "enterprise_cases"("code");

-- CreateIndex
CREATE INDEX "enterprise_cases_unit_path_filed_on_idx" ON "enterprise_cases"("unit_path" text_pattern_ops, "filed_on");

-- CreateIndex
CREATE INDEX "enterprise_cases_enterprise_id_idx" ON "enterprise_cases"("enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_cases_unit_id_import_key_key" ON "enterprise_cases"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_schemes_code_key" ON "assessment_schemes"("code");

-- CreateIndex
CREATE INDEX "assessment_adjustments_scheme_id_period_unit_path_idx" ON "assessment_adjustments"("scheme_id", "period", "unit_path" text_pattern_ops);

-- AddForeignKey
ALTER TABLE "enterprise_visits" ADD CONSTRAINT "enterprise_visits_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enterprise_demands" ADD CONSTRAINT "enterprise_demands_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enterprise_cases" ADD CONSTRAINT "enterprise_cases_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_scheme_id_fkey" FOREIGN KEY ("scheme_id") REFERENCES "assessment_schemes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: open intelligence loops are few among many items; the cockpit counts them per unit.
CREATE INDEX "intel_items_open_loops_idx" ON "intel_items" ("unit_path" text_pattern_ops, "loop_due_at") WHERE "loop_closed_at" IS NULL;
-- Hand-written: assignment completion and overdue counts per subtree.
CREATE INDEX "task_assignments_unit_status_idx" ON "task_assignments" ("unit_path" text_pattern_ops, "status", "deadline");
