-- Hand-written: 已销号 as of an instant for the assignments reopened after 销号 (lib/kpi/definitions.ts
-- STOCK.closedTask), kept on the assignment instead of read from the review history in every KPI column.
--
-- reopened_spans: the instants at which a reopened assignment was closed, from its review history — each closure
-- (a step to CLOSED at c) lasts until the first reopening after it (a step from CLOSED at o): (c, o], or (c, ∞) while
-- none follows. The same rule the history gives directly ("a closure before t, not followed by a reopening before
-- t"), as one range test. NULL for an assignment never reopened: its closed_at alone tells.
--
-- The cockpit's 13-month 任务销号率 and 逾期未销号 columns each read the history through a correlated EXISTS with a
-- NOT EXISTS inside; PostgreSQL planned those 26 subqueries at every execution (≈ 20 ms of planning per statement
-- under load, pg_stat_statements), more than it spent running them.
ALTER TABLE "task_assignments" ADD COLUMN "reopened_spans" tstzmultirange;

CREATE FUNCTION task_reopened_spans(aid integer) RETURNS tstzmultirange LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN EXISTS (SELECT 1 FROM review_records r WHERE r.assignment_id = aid AND r.from_status = 'CLOSED') THEN
    coalesce((SELECT range_agg(tstzrange(c.at, (SELECT min(o.at) FROM review_records o WHERE o.assignment_id = aid AND o.from_status = 'CLOSED' AND o.at > c.at), '(]'))
              FROM review_records c WHERE c.assignment_id = aid AND c.to_status = 'CLOSED'), '{}'::tstzmultirange)
  END
$$;

-- Kept in the transaction that writes the history: a review step to or from CLOSED (or any change or removal of a
-- step) recomputes its assignment's spans. The assignment row is locked first, so a concurrent step's recomputation
-- waits and then reads the history with this one committed.
CREATE FUNCTION review_records_reopened_spans() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[] := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.assignment_id] WHEN 'DELETE' THEN ARRAY[OLD.assignment_id] ELSE ARRAY[OLD.assignment_id, NEW.assignment_id] END;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.from_status IS DISTINCT FROM 'CLOSED' AND (NEW.to_status IS DISTINCT FROM 'CLOSED'
     OR NOT EXISTS (SELECT 1 FROM review_records r WHERE r.assignment_id = NEW.assignment_id AND r.from_status = 'CLOSED')) THEN
    RETURN NULL; -- a step of an assignment never reopened: closed_at tells
  END IF;
  PERFORM 1 FROM task_assignments WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  UPDATE task_assignments SET reopened_spans = task_reopened_spans(id) WHERE id = ANY(ids);
  RETURN NULL;
END
$$;

CREATE TRIGGER review_records_reopened_spans_ins AFTER INSERT ON review_records
  FOR EACH ROW WHEN (NEW.from_status = 'CLOSED' OR NEW.to_status = 'CLOSED') EXECUTE FUNCTION review_records_reopened_spans();
CREATE TRIGGER review_records_reopened_spans_chg AFTER UPDATE OR DELETE ON review_records
  FOR EACH ROW EXECUTE FUNCTION review_records_reopened_spans();

UPDATE task_assignments SET reopened_spans = task_reopened_spans(id)
  WHERE id IN (SELECT assignment_id FROM review_records WHERE from_status = 'CLOSED');
