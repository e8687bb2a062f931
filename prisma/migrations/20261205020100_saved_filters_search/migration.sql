-- CreateTable
CREATE TABLE "saved_filters" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "list_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

CONSTRAINT "saved_filters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "saved_filters_user_id_list_key_name_key" ON "saved_filters"("user_id", "list_key", "name");

-- Global search (lib/search/spec.ts): one trigram index per ledger over code, title and person fields (hand-written,
-- listed in HAND_WRITTEN of lib/db/schema-engine.ts). pg_trgm ships with PostgreSQL (contrib) and is a trusted extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "intel_items_search_trgm_idx" ON "intel_items" USING gin ((code || chr(31) || coalesce(title, '')) gin_trgm_ops);
CREATE INDEX "disputes_search_trgm_idx" ON "disputes" USING gin ((code || chr(31) || coalesce(summary, '') || chr(31) || coalesce(parties, '')) gin_trgm_ops);
CREATE INDEX "enterprises_search_trgm_idx" ON "enterprises" USING gin ((code || chr(31) || coalesce(name, '') || chr(31) || coalesce(uscc, '') || chr(31) || coalesce(contact_name, '') || chr(31) || coalesce(escort_name, '')) gin_trgm_ops);
CREATE INDEX "problem_items_search_trgm_idx" ON "problem_items" USING gin ((code || chr(31) || coalesce(title, '') || chr(31) || coalesce(parties, '') || chr(31) || coalesce(officer_name, '')) gin_trgm_ops);
CREATE INDEX "stability_events_search_trgm_idx" ON "stability_events" USING gin ((code || chr(31) || coalesce(title, '') || chr(31) || coalesce(place, '')) gin_trgm_ops);
CREATE INDEX "analysis_sessions_search_trgm_idx" ON "analysis_sessions" USING gin ((code || chr(31) || coalesce(topic, '') || chr(31) || coalesce(chair, '')) gin_trgm_ops);
CREATE INDEX "verifications_search_trgm_idx" ON "verifications" USING gin ((code || chr(31) || coalesce(verifying_unit, '')) gin_trgm_ops);
CREATE INDEX "mechanisms_search_trgm_idx" ON "mechanisms" USING gin ((code || chr(31) || coalesce(name, '') || chr(31) || coalesce(doc_no, '') || chr(31) || coalesce(issuer, '')) gin_trgm_ops);
CREATE INDEX "enterprise_visits_search_trgm_idx" ON "enterprise_visits" USING gin ((code || chr(31) || coalesce(content, '') || chr(31) || coalesce(officer_name, '')) gin_trgm_ops);
CREATE INDEX "enterprise_demands_search_trgm_idx" ON "enterprise_demands" USING gin ((code || chr(31) || coalesce(content, '')) gin_trgm_ops);
CREATE INDEX "enterprise_cases_search_trgm_idx" ON "enterprise_cases" USING gin ((code || chr(31) || coalesce(case_no, '')) gin_trgm_ops);
