-- AlterTable
ALTER TABLE "users" ADD COLUMN     "locked_manual" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "lockout_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lockout_day" TEXT,
ADD COLUMN     "mfa_exempt" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totp_enabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_last_step" INTEGER,
ADD COLUMN     "totp_secret" TEXT;

-- AlterTable
ALTER TABLE "audit_logs" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "seq" BIGINT;

-- CreateTable
CREATE TABLE "password_history" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_codes" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "password_history_user_id_created_at_idx" ON "password_history"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "recovery_codes_code_hash_key" ON "recovery_codes"("code_hash");

-- CreateIndex
CREATE INDEX "recovery_codes_user_id_idx" ON "recovery_codes"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_logs_seq_key" ON "audit_logs"("seq");

-- CreateIndex
CREATE INDEX "audit_logs_ip_at_idx" ON "audit_logs"("ip", "at");

-- AddForeignKey
ALTER TABLE "password_history" ADD CONSTRAINT "password_history_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the audit chain. Every new row gets the next gapless sequence number, the previous row's hash and
-- its own hash = SHA-256(previous hash | canonical content). One advisory lock orders the writers, so the chain
-- never forks; the lock is held until commit, and every transaction writes its audit rows last.
CREATE FUNCTION "audit_row_digest"(r "audit_logs") RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(
    coalesce(r."prev_hash", '') || '|' || jsonb_build_array(
      r."seq"::text, r."id"::text, (extract(epoch FROM r."at") * 1000)::bigint::text,
      r."user_id", r."username", r."unit_id", r."unit_path", r."role", r."action", r."entity", r."entity_id",
      r."before", r."after", r."result", r."reason", r."ip")::text,
    'UTF8')), 'hex')
$$;

CREATE FUNCTION "audit_logs_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7243001);
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_logs" WHERE "seq" IS NOT NULL ORDER BY "seq" DESC LIMIT 1;
  NEW."seq" := coalesce(last_seq, 0) + 1;
  NEW."prev_hash" := last_hash;
  NEW."hash" := "audit_row_digest"(NEW);
  RETURN NEW;
END;
$$;

-- rows written before the chain existed join it in id order
ALTER TABLE "audit_logs" DISABLE TRIGGER "audit_logs_no_update_delete";
DO $$
DECLARE
  r "audit_logs";
  n bigint := 0;
  h text := NULL;
BEGIN
  FOR r IN SELECT * FROM "audit_logs" ORDER BY "id" LOOP
    n := n + 1;
    r."seq" := n;
    r."prev_hash" := h;
    h := "audit_row_digest"(r);
    UPDATE "audit_logs" SET "seq" = n, "prev_hash" = r."prev_hash", "hash" = h WHERE "id" = r."id";
  END LOOP;
END;
$$;
ALTER TABLE "audit_logs" ENABLE TRIGGER "audit_logs_no_update_delete";

CREATE TRIGGER "audit_logs_chain" BEFORE INSERT ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION "audit_logs_chain"();

-- Still append-only. The one exception: the pruning job (audit_prune below) may delete rows older than 184 days.
CREATE OR REPLACE FUNCTION "audit_logs_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND current_setting('pingan.audit_prune', true) = 'on'
     AND OLD."at" < now() - interval '184 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '审计日志只允许追加，禁止 %', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Pruning: deletes the oldest rows (a prefix of the chain, all older than the retention), after writing the
-- audit.prune row that says who pruned, how many and where the chain now starts (verification relies on it).
CREATE FUNCTION "audit_prune"(retention_days int, by_name text) RETURNS TABLE(deleted bigint, kept_from_seq bigint)
LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz;
  keep_from bigint;
  keep_prev text;
  n bigint;
BEGIN
  IF retention_days IS NULL OR retention_days < 184 THEN
    RAISE EXCEPTION '审计记录至少保存 184 天' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(7243001);
  cutoff := now() - make_interval(days => retention_days);
  SELECT min("seq") INTO keep_from FROM "audit_logs" WHERE "at" >= cutoff AND "seq" IS NOT NULL;
  IF keep_from IS NULL THEN
    -- everything is old: the prune row itself becomes the first row of the chain
    SELECT coalesce(max("seq"), 0) + 1, (SELECT "hash" FROM "audit_logs" WHERE "seq" IS NOT NULL ORDER BY "seq" DESC LIMIT 1)
      INTO keep_from, keep_prev FROM "audit_logs";
  ELSE
    SELECT "prev_hash" INTO keep_prev FROM "audit_logs" WHERE "seq" = keep_from;
  END IF;
  SELECT count(*) INTO n FROM "audit_logs" WHERE "seq" < keep_from;
  IF n = 0 THEN
    RETURN QUERY SELECT 0::bigint, keep_from;
    RETURN;
  END IF;
  INSERT INTO "audit_logs" ("username", "action", "entity", "result", "reason", "after")
  VALUES (by_name, 'audit.prune', 'AuditLog', 'success',
          format('删除保存期（%s 天）以前的审计记录 %s 条（序号 %s 之前）', retention_days, n, keep_from),
          jsonb_build_object('deleted', n, 'throughSeq', (keep_from - 1)::text, 'keptFromSeq', keep_from::text,
                             'keptPrevHash', keep_prev, 'retentionDays', retention_days, 'cutoff', cutoff));
  PERFORM set_config('pingan.audit_prune', 'on', true);
  DELETE FROM "audit_logs" WHERE "seq" < keep_from;
  PERFORM set_config('pingan.audit_prune', 'off', true);
  RETURN QUERY SELECT n, keep_from;
END;
$$;
