-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'PENDING_REVIEW', 'RETURNED', 'CLOSED');

-- CreateEnum
CREATE TYPE "DutyType" AS ENUM ('PRIMARY', 'TERRITORIAL', 'DEPARTMENTAL');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('SUBMIT', 'ACCEPT', 'CLOSE', 'RETURN');

-- CreateEnum
CREATE TYPE "RiskTier" AS ENUM ('BLUE', 'YELLOW', 'RED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('PENDING', 'CHECKING', 'WRITING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by_id" INTEGER,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "task_assignments" (
    "id" SERIAL NOT NULL,
    "task_id" INTEGER NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "role" "TaskDepartmentRole" NOT NULL,
    "parent_id" INTEGER,
    "assigned_by_id" INTEGER NOT NULL,
    "duty_type" "DutyType" NOT NULL,
    "leader_name" TEXT,
    "leader_title" TEXT,
    "officer_name" TEXT,
    "officer_phone" TEXT,
    "accountability" TEXT,
    "deadline" DATE NOT NULL,
    "plan_text" TEXT,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "review_unit_id" INTEGER,
    "submitted_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "last_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestones" (
    "id" SERIAL NOT NULL,
    "assignment_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "done_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "milestones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "progress_updates" (
    "id" SERIAL NOT NULL,
    "assignment_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "progress_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_records" (
    "id" SERIAL NOT NULL,
    "assignment_id" INTEGER NOT NULL,
    "decision" "ReviewDecision" NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "reason" TEXT,
    "from_status" "AssignmentStatus" NOT NULL,
    "to_status" "AssignmentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" SERIAL NOT NULL,
    "unit_path" TEXT NOT NULL,
    "progress_update_id" INTEGER,
    "filename" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "uploaded_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "problem_items" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "town" TEXT,
    "village" TEXT,
    "parties" TEXT,
    "officer_name" TEXT,
    "found_on" DATE NOT NULL,
    "deadline" DATE,
    "risk_tier" "RiskTier" NOT NULL,
    "stage" TEXT NOT NULL,
    "follow_up" TEXT,
    "closed_on" DATE,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "problem_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mechanisms" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "doc_no" TEXT,
    "issued_on" DATE NOT NULL,
    "task_codes" TEXT,
    "content" TEXT,
    "evaluation" TEXT,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mechanisms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stability_events" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "scale" INTEGER,
    "nature" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "handling" TEXT,
    "outcome" TEXT,
    "status" TEXT NOT NULL,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stability_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intel_items" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "grade" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "report_due_at" TIMESTAMPTZ(3) NOT NULL,
    "reported_at" TIMESTAMPTZ(3),
    "reported_to" TEXT,
    "loop_due_at" TIMESTAMPTZ(3) NOT NULL,
    "loop_closed_at" TIMESTAMPTZ(3),
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intel_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_sessions" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "held_on" DATE NOT NULL,
    "chair" TEXT NOT NULL,
    "attendees" TEXT,
    "topic" TEXT NOT NULL,
    "conclusion" TEXT NOT NULL,
    "risk_level" "RiskTier" NOT NULL,
    "recommendations" TEXT,
    "distribution" TEXT,
    "follow_up" TEXT,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analysis_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_intel" (
    "analysis_id" INTEGER NOT NULL,
    "intel_id" INTEGER NOT NULL,

    CONSTRAINT "analysis_intel_pkey" PRIMARY KEY ("analysis_id","intel_id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "analysis_id" INTEGER,
    "verifying_unit" TEXT NOT NULL,
    "started_on" DATE NOT NULL,
    "result" TEXT,
    "action" TEXT,
    "feedback" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_intel" (
    "verification_id" INTEGER NOT NULL,
    "intel_id" INTEGER NOT NULL,

    CONSTRAINT "verification_intel_pkey" PRIMARY KEY ("verification_id","intel_id")
);

-- CreateTable
CREATE TABLE "disputes" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "parties" TEXT NOT NULL,
    "party_count" INTEGER NOT NULL DEFAULT 2,
    "town" TEXT,
    "village" TEXT,
    "found_on" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "mediation_body" TEXT,
    "police_mediation" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "mediated" BOOLEAN NOT NULL DEFAULT false,
    "mediation_succeeded" BOOLEAN NOT NULL DEFAULT false,
    "resolved_on" DATE,
    "outcome" TEXT,
    "risk_tier" "RiskTier" NOT NULL DEFAULT 'BLUE',
    "repeat_calls" INTEGER NOT NULL DEFAULT 0,
    "threats" BOOLEAN NOT NULL DEFAULT false,
    "weapons" BOOLEAN NOT NULL DEFAULT false,
    "domestic_violence" BOOLEAN NOT NULL DEFAULT false,
    "warning_score" INTEGER NOT NULL DEFAULT 0,
    "warning_reasons" TEXT,
    "warning_flagged" BOOLEAN NOT NULL DEFAULT false,
    "import_key" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" SERIAL NOT NULL,
    "ledger" TEXT NOT NULL,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PENDING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "message" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "code_counters" (
    "key" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "code_counters_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "task_assignments_unit_path_idx" ON "task_assignments"("unit_path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "task_assignments_status_deadline_idx" ON "task_assignments"("status", "deadline");

-- CreateIndex
CREATE INDEX "task_assignments_review_unit_id_status_idx" ON "task_assignments"("review_unit_id", "status");

-- CreateIndex
CREATE INDEX "task_assignments_parent_id_idx" ON "task_assignments"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_assignments_task_id_unit_id_key" ON "task_assignments"("task_id", "unit_id");

-- CreateIndex
CREATE INDEX "milestones_assignment_id_idx" ON "milestones"("assignment_id");

-- CreateIndex
CREATE INDEX "progress_updates_assignment_id_created_at_idx" ON "progress_updates"("assignment_id", "created_at");

-- CreateIndex
CREATE INDEX "review_records_assignment_id_at_idx" ON "review_records"("assignment_id", "at");

-- CreateIndex
CREATE INDEX "attachments_progress_update_id_idx" ON "attachments"("progress_update_id");

-- CreateIndex
CREATE UNIQUE INDEX "problem_items_code_key" ON "problem_items"("code");

-- CreateIndex
CREATE INDEX "problem_items_unit_path_found_on_idx" ON "problem_items"("unit_path" text_pattern_ops, "found_on");

-- CreateIndex
CREATE UNIQUE INDEX "problem_items_unit_id_import_key_key" ON "problem_items"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "mechanisms_code_key" ON "mechanisms"("code");

-- CreateIndex
CREATE INDEX "mechanisms_unit_path_issued_on_idx" ON "mechanisms"("unit_path" text_pattern_ops, "issued_on");

-- CreateIndex
CREATE UNIQUE INDEX "mechanisms_unit_id_import_key_key" ON "mechanisms"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "stability_events_code_key" ON "stability_events"("code");

-- CreateIndex
CREATE INDEX "stability_events_unit_path_occurred_at_idx" ON "stability_events"("unit_path" text_pattern_ops, "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "stability_events_unit_id_import_key_key" ON "stability_events"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "intel_items_code_key" ON "intel_items"("code");

-- CreateIndex
CREATE INDEX "intel_items_unit_path_received_at_idx" ON "intel_items"("unit_path" text_pattern_ops, "received_at");

-- CreateIndex
CREATE INDEX "intel_items_unit_path_loop_closed_at_idx" ON "intel_items"("unit_path" text_pattern_ops, "loop_closed_at");

-- CreateIndex
CREATE UNIQUE INDEX "intel_items_unit_id_import_key_key" ON "intel_items"("unit_id", "import_key");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_sessions_code_key" ON "analysis_sessions"("code");

-- CreateIndex
CREATE INDEX "analysis_sessions_unit_path_held_on_idx" ON "analysis_sessions"("unit_path" text_pattern_ops, "held_on");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_sessions_unit_id_import_key_key" ON "analysis_sessions"("unit_id", "import_key");

-- CreateIndex
CREATE INDEX "analysis_intel_intel_id_idx" ON "analysis_intel"("intel_id");

-- CreateIndex
CREATE UNIQUE INDEX "verifications_code_key" ON "verifications"("code");

-- CreateIndex
CREATE INDEX "verifications_unit_path_started_on_idx" ON "verifications"("unit_path" text_pattern_ops, "started_on");

-- CreateIndex
CREATE INDEX "verifications_analysis_id_idx" ON "verifications"("analysis_id");

-- CreateIndex
CREATE UNIQUE INDEX "verifications_unit_id_import_key_key" ON "verifications"("unit_id", "import_key");

-- CreateIndex
CREATE INDEX "verification_intel_intel_id_idx" ON "verification_intel"("intel_id");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_code_key" ON "disputes"("code");

-- CreateIndex
CREATE INDEX "disputes_unit_path_found_on_idx" ON "disputes"("unit_path" text_pattern_ops, "found_on");

-- CreateIndex
CREATE INDEX "disputes_unit_path_warning_flagged_idx" ON "disputes"("unit_path" text_pattern_ops, "warning_flagged");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_unit_id_import_key_key" ON "disputes"("unit_id", "import_key");

-- CreateIndex
CREATE INDEX "import_jobs_created_by_id_created_at_idx" ON "import_jobs"("created_by_id", "created_at");

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "plan_tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "task_assignments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_assigned_by_id_fkey" FOREIGN KEY ("assigned_by_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_review_unit_id_fkey" FOREIGN KEY ("review_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "task_assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "task_assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_records" ADD CONSTRAINT "review_records_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "task_assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_records" ADD CONSTRAINT "review_records_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_records" ADD CONSTRAINT "review_records_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_progress_update_id_fkey" FOREIGN KEY ("progress_update_id") REFERENCES "progress_updates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_intel" ADD CONSTRAINT "analysis_intel_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analysis_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_intel" ADD CONSTRAINT "analysis_intel_intel_id_fkey" FOREIGN KEY ("intel_id") REFERENCES "intel_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "analysis_sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_intel" ADD CONSTRAINT "verification_intel_verification_id_fkey" FOREIGN KEY ("verification_id") REFERENCES "verifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_intel" ADD CONSTRAINT "verification_intel_intel_id_fkey" FOREIGN KEY ("intel_id") REFERENCES "intel_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
