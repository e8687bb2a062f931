-- 指挥中心大屏 live updates: every statement that changes a table a wall shows notifies channel 'pingan_changes'
-- with the table's name. PostgreSQL delivers the notification when (and only if) the writing transaction commits,
-- to every listening session — one per app server (lib/wall/listener.ts) — and folds identical payloads of one
-- transaction into one. Statement-level triggers: a 100,000-row import sends one notification per table, not per row.
CREATE FUNCTION "pingan_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pingan_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stat_values', 'unit_population', 'intel_items', 'disputes', 'stability_events', 'problem_items', 'mechanisms',
    'analysis_sessions', 'verifications', 'enterprises', 'enterprise_visits', 'enterprise_demands', 'enterprise_cases',
    'task_assignments', 'review_records', 'assessment_adjustments', 'units']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION pingan_notify_change()', t || '_notify_change', t);
  END LOOP;
END
$$;
