-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('TASK_RETURNED', 'TASK_CLOSED', 'REVIEW_REQUESTED', 'SUPERVISION_RECEIVED', 'SUPERVISION_REPLIED', 'SUPERVISION_ACCEPTED', 'SUPERVISION_RETURNED', 'SUPERVISION_OVERDUE', 'DEADLINE_SOON', 'DEADLINE_PASSED', 'HOMICIDE_WARNING', 'IMPORT_DONE', 'IMPORT_FAILED');

-- CreateEnum
CREATE TYPE "SupervisionLevel" AS ENUM ('REMIND', 'SUPERVISE', 'LISTED');

-- CreateEnum
CREATE TYPE "SupervisionStatus" AS ENUM ('OPEN', 'REPLIED', 'RETURNED', 'ACCEPTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SupervisionTarget" AS ENUM ('TASK', 'LEDGER', 'UNIT');

-- CreateEnum
CREATE TYPE "SupervisionAction" AS ENUM ('ISSUE', 'REPLY', 'ACCEPT', 'RETURN', 'CANCEL');

-- AlterTable
ALTER TABLE "attachments" ADD COLUMN     "supervision_step_id" INTEGER;

-- CreateTable
CREATE TABLE "notifications" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "href" TEXT,
    "unit_path" TEXT,
    "dedup_key" TEXT,
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervisions" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "level" "SupervisionLevel" NOT NULL,
    "status" "SupervisionStatus" NOT NULL DEFAULT 'OPEN',
    "target_kind" "SupervisionTarget" NOT NULL,
    "assignment_id" INTEGER,
    "ledger_key" TEXT,
    "record_id" INTEGER,
    "unit_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "issuer_unit_id" INTEGER NOT NULL,
    "issuer_path" TEXT NOT NULL,
    "issued_by_id" INTEGER,
    "subject" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reply_due" DATE NOT NULL,
    "replied_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "supervisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervision_steps" (
    "id" SERIAL NOT NULL,
    "supervision_id" INTEGER NOT NULL,
    "action" "SupervisionAction" NOT NULL,
    "text" TEXT,
    "unit_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "from_status" "SupervisionStatus",
    "to_status" "SupervisionStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

CONSTRAINT "supervision_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notifications_user_id_read_at_created_at_idx" ON "notifications"("user_id", "read_at", "created_at");

-- CreateIndex
CREATE INDEX "notifications_created_at_idx" ON "notifications"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_user_id_dedup_key_key" ON "notifications"("user_id", "dedup_key");

-- CreateIndex
CREATE UNIQUE INDEX "supervisions_code_key" ON "supervisions"("code");

-- CreateIndex
CREATE INDEX "supervisions_unit_path_idx" ON "supervisions"("unit_path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "supervisions_issuer_path_idx" ON "supervisions"("issuer_path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "supervisions_status_reply_due_idx" ON "supervisions"("status", "reply_due");

-- CreateIndex
CREATE INDEX "supervisions_assignment_id_idx" ON "supervisions"("assignment_id");

-- CreateIndex
CREATE INDEX "supervision_steps_supervision_id_at_idx" ON "supervision_steps"("supervision_id", "at");

-- CreateIndex
CREATE INDEX "attachments_supervision_step_id_idx" ON "attachments"("supervision_step_id");

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_supervision_step_id_fkey" FOREIGN KEY ("supervision_step_id") REFERENCES "supervision_steps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervision_steps" ADD CONSTRAINT "supervision_steps_supervision_id_fkey" FOREIGN KEY ("supervision_id") REFERENCES "supervisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
