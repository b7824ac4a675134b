-- Pings are partitioned by day on received_at (UTC days). Partitions are created ahead of time
-- by ensure_ping_partitions(), which the server calls on start and every hour; the default
-- partition only catches rows outside the prepared range so an insert never fails.
CREATE TABLE IF NOT EXISTS "pings_default" PARTITION OF "pings" DEFAULT;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ensure_ping_partitions(days_back integer, days_ahead integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  d date;
  created integer := 0;
  part text;
BEGIN
  FOR d IN SELECT generate_series((now() AT TIME ZONE 'UTC')::date - days_back,
                                  (now() AT TIME ZONE 'UTC')::date + days_ahead,
                                  interval '1 day')::date
  LOOP
    part := 'pings_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF pings FOR VALUES FROM (%L) TO (%L)',
        part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION drop_ping_partitions_before(cutoff date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  dropped integer := 0;
BEGIN
  FOR r IN SELECT c.relname FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
           JOIN pg_class p ON p.oid = i.inhparent
           WHERE p.relname = 'pings' AND c.relname ~ '^pings_[0-9]{8}$'
             AND to_date(substr(c.relname, 7), 'YYYYMMDD') < cutoff
  LOOP
    EXECUTE format('DROP TABLE %I', r.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END $$;
--> statement-breakpoint
SELECT ensure_ping_partitions(1, 7);
