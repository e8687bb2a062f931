-- CreateTable
CREATE TABLE "audit_denial_windows" (
    "actor_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first" JSONB NOT NULL,

    CONSTRAINT "audit_denial_windows_pkey" PRIMARY KEY ("actor_key","kind","window_start")
);

-- CreateIndex
CREATE INDEX "audit_denial_windows_window_start_idx" ON "audit_denial_windows"("window_start");
