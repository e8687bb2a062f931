-- AlterTable
ALTER TABLE "report_archives" ADD COLUMN     "figures_hash" TEXT;

-- CreateTable
CREATE TABLE "enterprise_history" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "enrolled_on" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "escort_name" TEXT,
    "escort_badge" TEXT,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3),

    CONSTRAINT "enterprise_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute_flag_history" (
    "id" SERIAL NOT NULL,
    "dispute_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "found_on" DATE NOT NULL,
    "resolved_on" DATE,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3),

    CONSTRAINT "dispute_flag_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "enterprise_history_enterprise_id_valid_to_idx" ON "enterprise_history"("enterprise_id", "valid_to");

-- CreateIndex
CREATE INDEX "enterprise_history_unit_path_idx" ON "enterprise_history"("unit_path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "dispute_flag_history_dispute_id_valid_to_idx" ON "dispute_flag_history"("dispute_id", "valid_to");

-- CreateIndex
CREATE INDEX "dispute_flag_history_unit_path_idx" ON "dispute_flag_history"("unit_path" text_pattern_ops);

-- ── 企业诉求办结率 is counted at the period's end from resolved_on (lib/kpi/definitions.ts), straight from the
-- records: the rollup's event "raised_resolved" (resolved by *today*) made closed periods drift and is dropped.
CREATE OR REPLACE FUNCTION "kpi_events_enterprise_demands"(r "enterprise_demands") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT e.event, date_trunc('month', e.at)::date, e.v
  FROM (VALUES
    ('enterprise_demands:raised', r.raised_on, 1::bigint),
    ('enterprise_demands:resolved', r.resolved_on, 1),
    ('enterprise_demands:resolved_days', r.resolved_on, (r.resolved_on - r.raised_on)::bigint)
  ) AS e(event, at, v)
  WHERE e.at IS NOT NULL
$$;
DELETE FROM "kpi_monthly" WHERE "event" = 'enterprise_demands:raised_resolved';

-- the warning flag of a dispute is read from dispute_flag_history (below) at the period's end: its rollup events
-- (counted with the flag as it is *today*) go
CREATE OR REPLACE FUNCTION "kpi_events_disputes"(r "disputes") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT e.event, date_trunc('month', e.at)::date, e.v
  FROM (VALUES
    ('disputes:found', r.found_on, 1::bigint),
    ('disputes:mediated', CASE WHEN r.mediated THEN r.found_on END, 1),
    ('disputes:succeeded', CASE WHEN r.mediation_succeeded THEN r.found_on END, 1),
    ('disputes:resolved', r.resolved_on, 1)
  ) AS e(event, at, v)
  WHERE e.at IS NOT NULL
$$;
DELETE FROM "kpi_monthly" WHERE "event" IN ('disputes:flagged', 'disputes:flagged_resolved');

-- ── Versions of undated KPI facts (enterprise status and escort; a dispute's warning flag), by recording time:
-- inserted rows count from '-infinity' (their own dates say when they start), a change closes the current
-- version at now() and opens the next, a delete closes it. A closed period reads the versions valid at its end.
CREATE FUNCTION "enterprise_history_ins"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enterprise_history (enterprise_id, unit_path, enrolled_on, status, escort_name, escort_badge, valid_from)
  SELECT id, unit_path, enrolled_on, status, escort_name, escort_badge, '-infinity' FROM new_rows ORDER BY id;
  RETURN NULL;
END
$$;

CREATE FUNCTION "enterprise_history_upd"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.unit_path, n.enrolled_on, n.status, n.escort_name, n.escort_badge) IS DISTINCT FROM (o.unit_path, o.enrolled_on, o.status, o.escort_name, o.escort_badge)
  ), closed AS (
    UPDATE enterprise_history h SET valid_to = now() FROM changed c WHERE h.enterprise_id = c.id AND h.valid_to IS NULL RETURNING h.id
  )
  INSERT INTO enterprise_history (enterprise_id, unit_path, enrolled_on, status, escort_name, escort_badge, valid_from)
  SELECT id, unit_path, enrolled_on, status, escort_name, escort_badge, now() FROM changed ORDER BY id;
  RETURN NULL;
END
$$;

CREATE FUNCTION "enterprise_history_del"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE enterprise_history h SET valid_to = now() FROM old_rows o WHERE h.enterprise_id = o.id AND h.valid_to IS NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER enterprise_history_ins AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_history_ins();
CREATE TRIGGER enterprise_history_upd AFTER UPDATE ON enterprises REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_history_upd();
CREATE TRIGGER enterprise_history_del AFTER DELETE ON enterprises REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_history_del();

INSERT INTO enterprise_history (enterprise_id, unit_path, enrolled_on, status, escort_name, escort_badge, valid_from)
SELECT id, unit_path, enrolled_on, status, escort_name, escort_badge, '-infinity' FROM enterprises ORDER BY id;

CREATE FUNCTION "dispute_flag_history_ins"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dispute_flag_history (dispute_id, unit_path, found_on, resolved_on, valid_from)
  SELECT id, unit_path, found_on, resolved_on, '-infinity' FROM new_rows WHERE warning_flagged ORDER BY id;
  RETURN NULL;
END
$$;

CREATE FUNCTION "dispute_flag_history_upd"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.unit_path, n.found_on, n.resolved_on, n.warning_flagged) IS DISTINCT FROM (o.unit_path, o.found_on, o.resolved_on, o.warning_flagged)
  ), closed AS (
    UPDATE dispute_flag_history h SET valid_to = now() FROM changed c WHERE h.dispute_id = c.id AND h.valid_to IS NULL RETURNING h.id
  )
  INSERT INTO dispute_flag_history (dispute_id, unit_path, found_on, resolved_on, valid_from)
  SELECT id, unit_path, found_on, resolved_on, now() FROM changed WHERE warning_flagged ORDER BY id;
  RETURN NULL;
END
$$;

CREATE FUNCTION "dispute_flag_history_del"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dispute_flag_history h SET valid_to = now() FROM old_rows o WHERE h.dispute_id = o.id AND h.valid_to IS NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER dispute_flag_history_ins AFTER INSERT ON disputes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dispute_flag_history_ins();
CREATE TRIGGER dispute_flag_history_upd AFTER UPDATE ON disputes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dispute_flag_history_upd();
CREATE TRIGGER dispute_flag_history_del AFTER DELETE ON disputes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dispute_flag_history_del();

INSERT INTO dispute_flag_history (dispute_id, unit_path, found_on, resolved_on, valid_from)
SELECT id, unit_path, found_on, resolved_on, '-infinity' FROM disputes WHERE warning_flagged ORDER BY id;

-- finding an archived report with the same figures (lib/reports/generate.ts)
CREATE INDEX "report_archives_unit_id_period_figures_hash_idx" ON "report_archives" ("unit_id", "period", "figures_hash");
