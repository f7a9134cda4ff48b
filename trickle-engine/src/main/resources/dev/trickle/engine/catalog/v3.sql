-- Catalog version 3: hardening.
-- * No SQL text in the catalog: engines compile each definition in process (refresh statements used to be stored
--   here and executed as read back).
-- * What a stream table's sources and storage looked like when it last attached to them (source_state), so that a
--   refresh notices a dropped, recreated, renamed or retyped source, a changed primary key, an UNLOGGED source, or
--   capture triggers that are missing, disabled or were touched, instead of reporting NO_DATA on stale data.
-- * A guard trigger on every storage table lets only refreshes write to it (they present the database's refresh
--   token, which only Trickle's role can read).
-- * Refreshes lock the storage table (LOCK TABLE ... IN EXCLUSIVE MODE) instead of taking advisory locks, which any
--   role with CONNECT could take first.
-- * Every function pins its search_path; none is executable by PUBLIC (monitoring is granted to pgtrickle_reader).

ALTER TABLE pgtrickle.pgt_stream_tables
    DROP COLUMN IF EXISTS full_refresh_sql,
    DROP COLUMN IF EXISTS differential_sql,
    DROP COLUMN IF EXISTS changes_sql,
    -- raised by reinitialize: engines compile the definition again when it changes
    ADD COLUMN IF NOT EXISTS generation bigint NOT NULL DEFAULT 1,
    ADD COLUMN IF NOT EXISTS storage_state jsonb;

ALTER TABLE pgtrickle.pgt_dependencies
    ADD COLUMN IF NOT EXISTS source_state jsonb;

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);

INSERT INTO pgtrickle.pgt_settings (name, value)
VALUES ('refresh_token', md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text)
                         || md5(random()::text || txid_current()::text))
ON CONFLICT (name) DO NOTHING;

-- What relations look like to the stream tables that read them or are stored in them: existence, name, kind,
-- persistence, columns (number, name, type, modifier), primary key (its constraint's columns), change buffer, and
-- Trickle's triggers on them (enabled state, function, and the xmin of their pg_trigger row, which changes whenever a
-- trigger is disabled, enabled or replaced). One set-based query for all of them: every refresh asks, for each of its sources and its
-- storage table (plpgsql, so that the plan is cached for the session).
CREATE OR REPLACE FUNCTION pgtrickle.source_states(rels oid[]) RETURNS TABLE (rel oid, state jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
    -- one plan for every call: a custom plan per array would be planned again each time
    SET plan_cache_mode = force_generic_plan AS $fn$
BEGIN
    RETURN QUERY
    SELECT r.oid, CASE WHEN c.oid IS NULL THEN jsonb_build_object('exists', false) ELSE jsonb_build_object(
               'exists', true,
               'schema', n.nspname::text,
               'name', c.relname::text,
               'kind', c.relkind::text,
               'persistence', c.relpersistence::text,
               'columns', coalesce(a.cols, '[]'),
               'key', coalesce(to_jsonb(k.pk), '[]'),
               'buffer', to_regclass(format('pgtrickle_changes.%I', 'changes_' || c.oid)) IS NOT NULL,
               'triggers', coalesce(t.trg, '[]'))
           END
      FROM unnest(rels) AS r(oid)
      LEFT JOIN pg_class c ON c.oid = r.oid
      LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_array(x.attnum, x.attname::text, x.atttypid::bigint, x.atttypmod)
                                          ORDER BY x.attnum) AS cols
                           FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attnum > 0 AND NOT x.attisdropped) a ON true
      LEFT JOIN LATERAL (SELECT k.conkey AS pk FROM pg_constraint k
                          WHERE k.conrelid = c.oid AND k.contype = 'p') k ON true
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_array(g.tgname::text, g.tgenabled::text, g.xmin::text,
                                                            g.tgfoid::bigint) ORDER BY g.tgname) AS trg
                           FROM pg_trigger g
                          WHERE g.tgrelid = c.oid AND left(g.tgname, 6) = '__pgt_' AND NOT g.tgisinternal) t ON true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.source_state(rel oid) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    RETURN (SELECT s.state FROM pgtrickle.source_states(ARRAY[rel]) s);
END
$fn$;

-- A stream table's sources and storage table whose state differs from the one it recorded: the first thing every
-- refresh asks, in its snapshot.
CREATE OR REPLACE FUNCTION pgtrickle.state_mismatches(stream_table bigint)
RETURNS TABLE (relid bigint, is_storage boolean, captured boolean, columns_used text[], recorded text, current text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $fn$
BEGIN
    RETURN QUERY
    WITH rels AS (
        SELECT d.source_relid AS rel, false AS st, d.source_type IN ('TABLE', 'STREAM_TABLE') AS cap,
               d.columns_used AS cols, d.source_state AS rec
          FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = stream_table
        UNION ALL
        SELECT s.pgt_relid, true, false, NULL::text[], s.storage_state
          FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = stream_table)
    SELECT r.rel::bigint, r.st, r.cap, r.cols, r.rec::text, cur.state::text
      FROM rels r JOIN pgtrickle.source_states(ARRAY(SELECT x.rel FROM rels x)) cur ON cur.rel = r.rel
     WHERE r.rec IS DISTINCT FROM cur.state;
END
$fn$;

-- Refuses writes to a storage table, except by a refresh: a refresh sets pgtrickle.refresh_token (transaction-local)
-- to the database's token, which only Trickle's role can read. Statement-level, so it costs one check per statement.
CREATE OR REPLACE FUNCTION pgtrickle.guard_storage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF current_setting('pgtrickle.refresh_token', true) IS DISTINCT FROM
            (SELECT s.value FROM pgtrickle.pgt_settings s WHERE s.name = 'refresh_token') THEN
        RAISE EXCEPTION 'cannot % stream table %.%: its contents are maintained by Trickle', TG_OP,
                quote_ident(TG_TABLE_SCHEMA), quote_ident(TG_TABLE_NAME)
            USING ERRCODE = '42501',
                  HINT = 'Change the defining query or the source tables instead; reinitialize the stream table to '
                         || 'recompute it.';
    END IF;
    RETURN NULL;
END
$fn$;

-- The stream tables among ids that may have something to refresh: a captured source with changes after the stream
-- table's frontier, a source that is not captured (a view), no source at all, a source or storage that is not as the
-- stream table last saw it (the refresh then reports why), or a buffer this role cannot read (the refresh reports
-- the permission error). Reads each source's buffer once, however many of the stream tables read it.
CREATE OR REPLACE FUNCTION pgtrickle.pending_changes(ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
    -- one plan for every call: a custom plan per array would be planned again each time
    SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
    src oid;
    buffer regclass;
    xids xid8[];
BEGIN
    RETURN QUERY
        SELECT s.pgt_id FROM pgtrickle.pgt_stream_tables s
         WHERE s.pgt_id = ANY (ids)
           AND (NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = s.pgt_id)
                OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = s.pgt_id
                            AND (d.source_type NOT IN ('TABLE', 'STREAM_TABLE') OR d.frontier IS NULL)));
    RETURN QUERY
        WITH rels AS (
            SELECT d.pgt_id AS id, d.source_relid AS rel, d.source_state AS rec
              FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = ANY (ids)
            UNION ALL
            SELECT s.pgt_id, s.pgt_relid, s.storage_state FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = ANY (ids))
        SELECT DISTINCT r.id FROM rels r
          JOIN pgtrickle.source_states(ARRAY(SELECT DISTINCT x.rel FROM rels x)) cur ON cur.rel = r.rel
         WHERE r.rec IS DISTINCT FROM cur.state;
    FOR src IN SELECT DISTINCT d.source_relid FROM pgtrickle.pgt_dependencies d
                WHERE d.pgt_id = ANY (ids) AND d.source_type IN ('TABLE', 'STREAM_TABLE') LOOP
        buffer := to_regclass(format('pgtrickle_changes.%I', 'changes_' || src));
        IF buffer IS NULL OR NOT has_table_privilege(buffer, 'SELECT') THEN
            RETURN QUERY SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
                          WHERE d.source_relid = src AND d.pgt_id = ANY (ids);
            CONTINUE;
        END IF;
        BEGIN
            EXECUTE format('SELECT array_agg(DISTINCT b.__pgt_xid) FROM %s b', buffer) INTO xids;
        EXCEPTION WHEN lock_not_available THEN
            -- someone holds the buffer longer than the caller's lock_timeout: its refreshes will say so
            RETURN QUERY SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
                          WHERE d.source_relid = src AND d.pgt_id = ANY (ids);
            CONTINUE;
        END;
        IF xids IS NOT NULL THEN
            RETURN QUERY SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
                          WHERE d.source_relid = src AND d.pgt_id = ANY (ids)
                            AND EXISTS (SELECT 1 FROM unnest(xids) AS x
                                         WHERE x >= pg_snapshot_xmin(d.frontier)
                                           AND NOT pg_visible_in_snapshot(x, d.frontier));
        END IF;
    END LOOP;
END
$fn$;

-- Pending change rows of each (stream table, captured source). SECURITY DEFINER: a monitoring role learns how many
-- rows wait and how big each buffer is, without being able to read what the rows hold.
CREATE OR REPLACE FUNCTION pgtrickle.change_buffer_sizes()
RETURNS TABLE (stream_table text, source_table text, source_oid bigint, cdc_mode text, pending_rows bigint,
               buffer_bytes bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    d record;
    buffer regclass;
BEGIN
    FOR d IN SELECT s.pgt_schema, s.pgt_name, dep.source_relid, dep.source_schema, dep.source_name, dep.frontier
               FROM pgtrickle.pgt_dependencies dep JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
              WHERE dep.source_type IN ('TABLE', 'STREAM_TABLE')
              ORDER BY s.pgt_schema, s.pgt_name, dep.source_schema, dep.source_name LOOP
        stream_table := format('%I.%I', d.pgt_schema, d.pgt_name);
        source_table := format('%I.%I', d.source_schema, d.source_name);
        source_oid := d.source_relid;
        cdc_mode := 'TRIGGER';
        buffer := to_regclass(format('pgtrickle_changes.%I', 'changes_' || d.source_relid));
        pending_rows := 0;
        buffer_bytes := 0;
        IF buffer IS NOT NULL AND has_table_privilege(buffer, 'SELECT') THEN
            EXECUTE format('SELECT count(*) FROM %s b WHERE b.__pgt_xid >= pg_snapshot_xmin($1)'
                           ' AND NOT pg_visible_in_snapshot(b.__pgt_xid, $1)', buffer)
               INTO pending_rows USING d.frontier;
            buffer_bytes := pg_total_relation_size(buffer);
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- Refreshes running now (each holds an EXCLUSIVE lock on its storage table inside its transaction; only roles that
-- may write the storage table can take that lock) and those that ended in the last max_age_seconds, newest first.
CREATE OR REPLACE FUNCTION pgtrickle.parallel_job_status(max_age_seconds integer DEFAULT 300)
RETURNS TABLE (job_id bigint, unit_key text, unit_kind text, status text, member_count integer, attempt_no integer,
               scheduler_pid integer, worker_pid integer, enqueued_at timestamptz, started_at timestamptz,
               finished_at timestamptz, duration_ms float8, stream_table text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT NULL::bigint, 's:' || s.pgt_id, 'singleton', 'RUNNING', 1, 1, l.pid, l.pid,
           coalesce(a.xact_start, now()), a.xact_start, NULL::timestamptz, NULL::float8,
           format('%I.%I', s.pgt_schema, s.pgt_name)
      FROM pg_locks l
      JOIN pgtrickle.pgt_stream_tables s ON s.pgt_relid = l.relation
      LEFT JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'relation' AND l.mode = 'ExclusiveLock' AND l.granted
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL
    SELECT r.refresh_id, coalesce(r.unit_key, 's:' || r.pgt_id),
           CASE WHEN r.unit_key LIKE 'a:%' THEN 'atomic_group' ELSE 'singleton' END,
           CASE r.status WHEN 'COMPLETED' THEN 'SUCCEEDED'
                         WHEN 'FAILED' THEN CASE WHEN r.retryable THEN 'RETRYABLE_FAILED' ELSE 'PERMANENT_FAILED' END
                         ELSE r.status END,
           1, 1, r.backend_pid, r.backend_pid, r.start_time, r.start_time, r.end_time,
           (extract(epoch FROM r.end_time - r.start_time) * 1000)::float8, format('%I.%I', s.pgt_schema, s.pgt_name)
      FROM pgtrickle.pgt_refresh_history r JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
     WHERE r.end_time > now() - make_interval(secs => greatest(max_age_seconds, 0))
     ORDER BY 9 DESC, 1 DESC NULLS FIRST
$fn$;

-- Finds a stream table by the name a caller gives: 'schema.name' exactly, or a bare name that exactly one stream
-- table has. (These functions run with a search_path of their own, so they cannot resolve a bare name through the
-- caller's.) An unknown name is an error with SQL state 42P01, an ambiguous one 42725.
CREATE OR REPLACE FUNCTION pgtrickle.find_stream_table(name text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    parts text[] := parse_ident(name);
    found bigint[];
BEGIN
    IF array_length(parts, 1) = 2 THEN
        SELECT array_agg(s.pgt_id) INTO found FROM pgtrickle.pgt_stream_tables s
         WHERE s.pgt_schema = parts[1] AND s.pgt_name = parts[2];
    ELSIF array_length(parts, 1) = 1 THEN
        SELECT array_agg(s.pgt_id) INTO found FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_name = parts[1];
    END IF;
    IF found IS NULL THEN
        RAISE EXCEPTION 'stream table ''%'' does not exist', name USING ERRCODE = '42P01';
    END IF;
    IF array_length(found, 1) > 1 THEN
        RAISE EXCEPTION 'stream table name ''%'' is ambiguous: qualify it with its schema', name
            USING ERRCODE = '42725';
    END IF;
    RETURN found[1];
END
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.list_sources(name text)
RETURNS TABLE (source_table text, source_oid bigint, source_type text, cdc_mode text, columns_used text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    target bigint := pgtrickle.find_stream_table(name);
BEGIN
    RETURN QUERY
    SELECT format('%I.%I', d.source_schema, d.source_name), d.source_relid::bigint, d.source_type,
           CASE WHEN d.source_type IN ('TABLE', 'STREAM_TABLE') THEN 'TRIGGER' ELSE 'NONE' END,
           d.columns_used::text
      FROM pgtrickle.pgt_dependencies d
     WHERE d.pgt_id = target
     ORDER BY d.source_schema, d.source_name;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.resume_stream_table(name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    UPDATE pgtrickle.pgt_stream_tables
       SET status = 'ACTIVE', consecutive_errors = 0, last_error = NULL, updated_at = clock_timestamp()
     WHERE pgt_id = pgtrickle.find_stream_table(name);
END
$fn$;

-- Every function of the catalog runs with a fixed search_path, whoever calls it; none is executable by PUBLIC.
DO $do$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'pgtrickle'::regnamespace LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp', f);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$do$;

REVOKE ALL ON ALL TABLES IN SCHEMA pgtrickle FROM PUBLIC;
REVOKE ALL ON SCHEMA pgtrickle FROM PUBLIC;
REVOKE ALL ON SCHEMA pgtrickle_changes FROM PUBLIC;
