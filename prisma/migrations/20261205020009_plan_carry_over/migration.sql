-- AlterTable
ALTER TABLE "task_assignments" ADD COLUMN     "carried_over_at" TIMESTAMPTZ(3),
ADD COLUMN     "carried_over_by" TEXT,
ADD COLUMN     "predecessor_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "task_assignments_predecessor_id_key" ON "task_assignments"("predecessor_id");

-- AddForeignKey
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_predecessor_id_fkey" FOREIGN KEY ("predecessor_id") REFERENCES "task_assignments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
