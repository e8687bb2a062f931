-- Session cache invalidation (lib/auth/session-cache.ts): every app process caches the signed-in users' rows, their
-- units and the security policy, and drops an entry when one of these triggers NOTIFYs channel 'pingan_session'
-- from the writing transaction (delivered at its commit to every listening process on every app server).
-- Payloads: 'u:<user id>' (a user's session-relevant columns changed or the user was deleted), 'units' (a unit was
-- added, deleted, or one of the columns of the unit lists changed: every cached user and unit list is dropped), 'policy'
-- (the security policy row changed). Only the columns the session reads fire: a login's last_login_at does not.
CREATE FUNCTION pingan_session_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('pingan_session', 'u:' || COALESCE(NEW.id, OLD.id));
    RETURN NULL;
  ELSIF TG_TABLE_NAME = 'units' THEN
    PERFORM pg_notify('pingan_session', 'units');
  ELSIF COALESCE(NEW.key, OLD.key) = 'security.policy' THEN
    PERFORM pg_notify('pingan_session', 'policy');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_session_notify
  AFTER UPDATE OF session_version, status, role, unit_id, pending_activation, must_change_password, password_changed_at,
    totp_enabled_at, mfa_exempt, name, badge_no, username ON users
  FOR EACH ROW
  WHEN ((OLD.session_version, OLD.status, OLD.role, OLD.unit_id, OLD.pending_activation, OLD.must_change_password,
         OLD.password_changed_at, OLD.totp_enabled_at, OLD.mfa_exempt, OLD.name, OLD.badge_no, OLD.username)
        IS DISTINCT FROM
        (NEW.session_version, NEW.status, NEW.role, NEW.unit_id, NEW.pending_activation, NEW.must_change_password,
         NEW.password_changed_at, NEW.totp_enabled_at, NEW.mfa_exempt, NEW.name, NEW.badge_no, NEW.username))
  EXECUTE FUNCTION pingan_session_notify();
CREATE TRIGGER users_session_notify_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION pingan_session_notify();

CREATE TRIGGER units_session_notify
  AFTER INSERT OR DELETE OR UPDATE OF name, code, short_name, level, kind, parent_id, path, depth, sort_order, active ON units
  FOR EACH STATEMENT EXECUTE FUNCTION pingan_session_notify();

CREATE TRIGGER settings_session_notify AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH ROW EXECUTE FUNCTION pingan_session_notify();
