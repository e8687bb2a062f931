-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimed_by" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'ledger',
ADD COLUMN     "options" JSONB,
ALTER COLUMN "ledger" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "import_jobs_status_id_idx" ON "import_jobs"("status", "id");

-- Statistics imports used to be told apart by ledger = 'stats' / 'stats.confirmed': give them their own kind.
UPDATE "import_jobs" SET "kind" = 'stats', "options" = jsonb_build_object('confirmed', "ledger" = 'stats.confirmed'), "ledger" = NULL
WHERE "ledger" IN ('stats', 'stats.confirmed');
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_kind_check" CHECK ("kind" IN ('ledger', 'stats'));
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_ledger_check" CHECK (("kind" = 'ledger') = ("ledger" IS NOT NULL));
