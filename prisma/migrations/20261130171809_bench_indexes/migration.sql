-- CreateIndex
CREATE INDEX "task_assignments_deadline_id_idx" ON "task_assignments"("deadline", "id");

-- CreateIndex
CREATE INDEX "intel_items_unit_path_loop_due_at_idx" ON "intel_items"("unit_path" text_pattern_ops, "loop_due_at");

-- CreateIndex
CREATE INDEX "disputes_unit_path_resolved_on_idx" ON "disputes"("unit_path" text_pattern_ops, "resolved_on");

-- CreateIndex
CREATE INDEX "enterprise_demands_unit_path_resolved_on_idx" ON "enterprise_demands"("unit_path" text_pattern_ops, "resolved_on");

-- ── hand-written (not expressible in schema.prisma) ──

-- the oldest open loops first (cockpit 重点关注), without sorting every open loop of the province
CREATE INDEX "intel_items_open_loop_due_idx" ON "intel_items"("loop_due_at") WHERE "loop_closed_at" IS NULL;

-- task state counts per subtree (任务销号率, 逾期, 挂图作战) read the index alone, not the wide rows
CREATE INDEX "task_assignments_kpi_idx" ON "task_assignments"("unit_path" text_pattern_ops) INCLUDE ("created_at", "closed_at", "deadline", "status", "progress");

-- the county to-do list (本单位待办): items not reported yet, problems not struck off
CREATE INDEX "intel_items_unreported_idx" ON "intel_items"("unit_path" text_pattern_ops) WHERE "reported_at" IS NULL;
CREATE INDEX "problem_items_open_deadline_idx" ON "problem_items"("unit_path" text_pattern_ops, "deadline") WHERE "stage" <> '销号';

-- the loop events of lib/kpi/events.ts by their time, for the days of a period that do not fill a month
-- (近7天 / 近28天, a period still running): the same expressions as there
CREATE INDEX "intel_items_closed_event_idx" ON "intel_items"("unit_path" text_pattern_ops, (CASE WHEN "loop_closed_at" IS NULL THEN NULL ELSE greatest("received_at", "loop_closed_at") END));
CREATE INDEX "intel_items_due_event_idx" ON "intel_items"("unit_path" text_pattern_ops, (greatest("received_at", "loop_due_at")));
CREATE INDEX "intel_items_due_closed_event_idx" ON "intel_items"("unit_path" text_pattern_ops, (CASE WHEN "loop_closed_at" IS NULL THEN NULL ELSE greatest("received_at", "loop_due_at", "loop_closed_at") END));

-- KPI rollup: events per unit and Beijing month (lib/kpi/events.ts), kept by statement triggers in the writing
-- transaction. Province-wide KPIs read these few thousand rows instead of the records.
CREATE TABLE "kpi_monthly" (
    "event" TEXT NOT NULL,
    "unit_path" TEXT COLLATE "C" NOT NULL,
    "month" DATE NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "kpi_monthly_pkey" PRIMARY KEY ("event", "unit_path", "month") INCLUDE ("n")
);

-- the events of one row (twins of lib/kpi/events.ts): (event, Beijing month, value)
CREATE FUNCTION "kpi_events_intel_items"(r "intel_items") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT e.event, date_trunc('month', e.at AT TIME ZONE 'Asia/Shanghai')::date, e.v
  FROM (VALUES
    ('intel_items:received', r.received_at, 1::bigint),
    ('intel_items:closed', CASE WHEN r.loop_closed_at IS NULL THEN NULL ELSE greatest(r.received_at, r.loop_closed_at) END, 1),
    ('intel_items:due', greatest(r.received_at, r.loop_due_at), 1),
    ('intel_items:due_closed', CASE WHEN r.loop_closed_at IS NULL THEN NULL ELSE greatest(r.received_at, r.loop_due_at, r.loop_closed_at) END, 1),
    ('intel_items:ontime', CASE WHEN r.reported_at IS NOT NULL AND r.reported_at <= r.report_due_at THEN r.received_at END, 1)
  ) AS e(event, at, v)
  WHERE e.at IS NOT NULL
$$;

CREATE FUNCTION "kpi_events_disputes"(r "disputes") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT e.event, date_trunc('month', e.at)::date, e.v
  FROM (VALUES
    ('disputes:found', r.found_on, 1::bigint),
    ('disputes:mediated', CASE WHEN r.mediated THEN r.found_on END, 1),
    ('disputes:succeeded', CASE WHEN r.mediation_succeeded THEN r.found_on END, 1),
    ('disputes:resolved', r.resolved_on, 1),
    ('disputes:flagged', CASE WHEN r.warning_flagged THEN r.found_on END, 1),
    ('disputes:flagged_resolved', CASE WHEN r.warning_flagged AND r.resolved_on IS NOT NULL THEN greatest(r.found_on, r.resolved_on) END, 1)
  ) AS e(event, at, v)
  WHERE e.at IS NOT NULL
$$;

CREATE FUNCTION "kpi_events_enterprise_visits"(r "enterprise_visits") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT 'enterprise_visits:visited'::text, date_trunc('month', r.visited_on)::date, 1::bigint
$$;

CREATE FUNCTION "kpi_events_enterprise_demands"(r "enterprise_demands") RETURNS TABLE ("event" TEXT, "month" DATE, "v" BIGINT) LANGUAGE sql STABLE AS $$
  SELECT e.event, date_trunc('month', e.at)::date, e.v
  FROM (VALUES
    ('enterprise_demands:raised', r.raised_on, 1::bigint),
    ('enterprise_demands:raised_resolved', CASE WHEN r.resolved_on IS NOT NULL THEN r.raised_on END, 1),
    ('enterprise_demands:resolved', r.resolved_on, 1),
    ('enterprise_demands:resolved_days', r.resolved_on, (r.resolved_on - r.raised_on)::bigint)
  ) AS e(event, at, v)
  WHERE e.at IS NOT NULL
$$;

-- one trigger function for every source table: the events of the new rows minus those of the old ones, netted
-- per (event, unit, month), upserted in a fixed order (no deadlocks between concurrent writers)
CREATE FUNCTION "kpi_monthly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f TEXT := 'kpi_events_' || TG_TABLE_NAME;
  src TEXT;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := format('SELECT r.unit_path, e.event, e.month, e.v FROM new_rows r CROSS JOIN LATERAL %I(r) e', f);
  ELSIF TG_OP = 'DELETE' THEN
    src := format('SELECT r.unit_path, e.event, e.month, -e.v FROM old_rows r CROSS JOIN LATERAL %I(r) e', f);
  ELSE
    src := format('SELECT r.unit_path, e.event, e.month, e.v FROM new_rows r CROSS JOIN LATERAL %1$I(r) e
                   UNION ALL SELECT r.unit_path, e.event, e.month, -e.v FROM old_rows r CROSS JOIN LATERAL %1$I(r) e', f);
  END IF;
  EXECUTE 'INSERT INTO kpi_monthly AS k (event, unit_path, month, n)
           SELECT event, unit_path, month, sum(v) FROM (' || src || ') x(unit_path, event, month, v)
           GROUP BY event, unit_path, month HAVING sum(v) <> 0 ORDER BY event, unit_path, month
           ON CONFLICT (event, unit_path, month) DO UPDATE SET n = k.n + EXCLUDED.n';
  RETURN NULL;
END
$$;

CREATE FUNCTION "kpi_monthly_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_monthly WHERE event LIKE TG_TABLE_NAME || ':%';
  RETURN NULL;
END
$$;

DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['intel_items', 'disputes', 'enterprise_visits', 'enterprise_demands'] LOOP
    EXECUTE format('CREATE TRIGGER kpi_monthly_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_monthly_apply()', t);
    EXECUTE format('CREATE TRIGGER kpi_monthly_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_monthly_apply()', t);
    EXECUTE format('CREATE TRIGGER kpi_monthly_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_monthly_apply()', t);
    EXECUTE format('CREATE TRIGGER kpi_monthly_trunc AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_monthly_truncate()', t);
    -- the records already there
    EXECUTE format('INSERT INTO kpi_monthly (event, unit_path, month, n)
                    SELECT e.event, r.unit_path, e.month, sum(e.v) FROM %I r CROSS JOIN LATERAL %I(r) e
                    GROUP BY 1, 2, 3 HAVING sum(e.v) <> 0', t, 'kpi_events_' || t);
  END LOOP;
END
$$;
