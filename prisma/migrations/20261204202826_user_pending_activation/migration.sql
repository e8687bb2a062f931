-- CreateEnum
CREATE TYPE "PendingActivation" AS ENUM ('CREATED', 'RESET');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "pending_activation" "PendingActivation",
ADD COLUMN     "pending_since" TIMESTAMPTZ(3);
