-- CreateTable
CREATE TABLE "intel_loop_history" (
    "id" SERIAL NOT NULL,
    "intel_id" INTEGER NOT NULL,
    "unit_path" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "intel_loop_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "intel_loop_history_intel_id_idx" ON "intel_loop_history"("intel_id");

-- CreateIndex
CREATE INDEX "intel_loop_history_unit_path_closed_at_idx" ON "intel_loop_history"("unit_path" text_pattern_ops, "closed_at");

-- A closed loop whose closing time is cleared or changed (its verification reopened or unlinked, a later closure)
-- keeps the closure it had, with the moment of the change: a period that ended in between still counts it closed.
CREATE FUNCTION "intel_loop_history_upd"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.loop_closed_at < now() THEN
    INSERT INTO intel_loop_history (intel_id, unit_path, closed_at, changed_at) VALUES (OLD.id, OLD.unit_path, OLD.loop_closed_at, now());
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER intel_loop_history_upd AFTER UPDATE OF loop_closed_at ON intel_items FOR EACH ROW
  WHEN (OLD.loop_closed_at IS NOT NULL AND OLD.loop_closed_at IS DISTINCT FROM NEW.loop_closed_at)
  EXECUTE FUNCTION intel_loop_history_upd();
