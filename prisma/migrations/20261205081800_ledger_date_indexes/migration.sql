-- CreateIndex
CREATE INDEX "disputes_found_on_idx" ON "disputes"("found_on");

-- CreateIndex
CREATE INDEX "disputes_resolved_on_idx" ON "disputes"("resolved_on");

-- CreateIndex
CREATE INDEX "intel_items_received_at_idx" ON "intel_items"("received_at");

-- The state KPIs' events by date alone (the unit_path-first indexes of 20261130171809_bench_indexes serve a county;
-- for a province or a city they read the whole index). Used when a period has days outside whole months (近 7/28
-- 天, the current month): with 5 M ledger rows the province cockpit's 近 28 天 read 954,094 buffers, with these
-- 238,155 (the rest is task assignments). Expressions exactly as lib/kpi/measures.ts writes them.
CREATE INDEX "intel_items_closed_event_at_idx" ON "intel_items"((CASE WHEN "loop_closed_at" IS NULL THEN NULL ELSE greatest("received_at", "loop_closed_at") END));
CREATE INDEX "intel_items_due_event_at_idx" ON "intel_items"((greatest("received_at", "loop_due_at")));
CREATE INDEX "intel_items_due_closed_event_at_idx" ON "intel_items"((CASE WHEN "loop_closed_at" IS NULL THEN NULL ELSE greatest("received_at", "loop_due_at", "loop_closed_at") END));
