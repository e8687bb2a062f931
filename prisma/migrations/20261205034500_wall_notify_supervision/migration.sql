-- 指挥中心大屏: the 督办 of the 今日 panel and the cockpit's 督办 KPIs change with these tables too (see wall_notify).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['supervisions', 'supervision_steps']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION pingan_notify_change()', t || '_notify_change', t);
  END LOOP;
END
$$;
