-- Catalog version 2: scheduling state, engines, diamond groups, and the monitoring functions of the reference API.
-- Every function reads only the catalog and PostgreSQL's own views: any SQL client can call them, with or
-- without an engine running.

ALTER TABLE pgtrickle.pgt_stream_tables
    ADD COLUMN IF NOT EXISTS effective_schedule text,
    ADD COLUMN IF NOT EXISTS last_error_at timestamptz;

ALTER TABLE pgtrickle.pgt_dependencies
    ADD COLUMN IF NOT EXISTS columns_used text[];

ALTER TABLE pgtrickle.pgt_refresh_history
    ADD COLUMN IF NOT EXISTS backend_pid integer,
    ADD COLUMN IF NOT EXISTS unit_key text,
    -- of a FAILED refresh: whether the error may go away on retry (parallel_job_status tells the two apart)
    ADD COLUMN IF NOT EXISTS retryable boolean;

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_engines (
    engine_id        text PRIMARY KEY,
    host             text NOT NULL,
    jvm_pid          bigint NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    heartbeat_at     timestamptz NOT NULL DEFAULT now(),
    tick_ms          integer NOT NULL,
    max_concurrent   integer NOT NULL,
    parallel         boolean NOT NULL,
    active_refreshes integer NOT NULL DEFAULT 0,
    scheduler_running boolean NOT NULL DEFAULT false,
    ticks            bigint NOT NULL DEFAULT 0,
    last_tick_ms     float8,
    avg_tick_ms      float8
);

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_diamond_groups (
    group_id        integer NOT NULL,
    pgt_id          bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
    is_convergence  boolean NOT NULL,
    schedule_policy text NOT NULL,
    PRIMARY KEY (group_id, pgt_id)
);

-- '1h30m' -> 01:30:00; NULL for cron expressions, 'calculated' and NULL
CREATE OR REPLACE FUNCTION pgtrickle.schedule_interval(schedule text) RETURNS interval
LANGUAGE sql IMMUTABLE AS $fn$
    SELECT CASE WHEN schedule ~* '^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$' AND schedule <> ''
        THEN (SELECT sum(m[1]::bigint * CASE lower(m[2]) WHEN 'w' THEN interval '1 week' WHEN 'd' THEN interval '1 day'
                         WHEN 'h' THEN interval '1 hour' WHEN 'm' THEN interval '1 minute'
                         WHEN 'ms' THEN interval '1 millisecond' ELSE interval '1 second' END)
                FROM regexp_matches(schedule, '([0-9]+)(ms|[wdhms])', 'gi') AS m)
    END
$fn$;

-- The snapshot a refresh records as its frontier: its transaction's snapshot, with the transaction's own id
-- counted as visible. The own id is assigned after the snapshot was taken (at the first write), so the plain
-- snapshot would count the transaction's own changes (such as those an upstream member of an atomic group wrote
-- for a downstream member in the same transaction) as not yet consumed. Ids assigned between the snapshot and
-- the own id stay invisible, as they are in the snapshot.
CREATE OR REPLACE FUNCTION pgtrickle.frontier_snapshot() RETURNS pg_snapshot
LANGUAGE sql VOLATILE AS $fn$
    SELECT CASE
        WHEN own IS NULL OR own < pg_snapshot_xmax(snap) THEN snap
        ELSE (pg_snapshot_xmin(snap)::text || ':' || (own::text::bigint + 1)::text || ':'
              || coalesce((SELECT string_agg(x, ',' ORDER BY x::bigint)
                             FROM (SELECT x::text AS x FROM pg_snapshot_xip(snap) AS x
                                   UNION
                                   SELECT g::text FROM generate_series(pg_snapshot_xmax(snap)::text::bigint,
                                                                       own::text::bigint - 1) AS g) ids), ''))::pg_snapshot
    END
      FROM (SELECT pg_current_snapshot() AS snap, pg_current_xact_id_if_assigned() AS own) q
$fn$;

-- The stream tables among ids that may have something to refresh: a captured source with changes after the
-- stream table's frontier, a source that is not captured (a view), or no source at all. Reads each source's buffer
-- once, however many of the stream tables read it: the distinct transaction ids it holds are then checked against
-- each reader's frontier.
CREATE OR REPLACE FUNCTION pgtrickle.pending_changes(ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $fn$
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
    FOR src IN SELECT DISTINCT d.source_relid FROM pgtrickle.pgt_dependencies d
                WHERE d.pgt_id = ANY (ids) AND d.source_type IN ('TABLE', 'STREAM_TABLE') LOOP
        buffer := to_regclass(format('pgtrickle_changes.%I', 'changes_' || src));
        IF buffer IS NULL THEN
            RETURN QUERY SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
                          WHERE d.source_relid = src AND d.pgt_id = ANY (ids);
            CONTINUE;
        END IF;
        EXECUTE format('SELECT array_agg(DISTINCT b.__pgt_xid) FROM %s b', buffer) INTO xids;
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

CREATE OR REPLACE FUNCTION pgtrickle.pgt_status()
RETURNS TABLE (name text, status text, refresh_mode text, is_populated boolean, consecutive_errors integer,
               schedule text, data_timestamp timestamptz, staleness interval, scc_id integer, effective_mode text,
               effective_schedule text, last_error text)
LANGUAGE sql STABLE AS $fn$
    SELECT format('%I.%I', s.pgt_schema, s.pgt_name), s.status, s.refresh_mode, s.is_populated, s.consecutive_errors,
           s.schedule, s.data_timestamp, now() - s.data_timestamp, NULL::integer /* scc_id: no cycles in Trickle */,
           s.effective_mode, s.effective_schedule, s.last_error
      FROM pgtrickle.pgt_stream_tables s
     ORDER BY s.pgt_schema, s.pgt_name
$fn$;

CREATE OR REPLACE VIEW pgtrickle.pg_stat_stream_tables AS
SELECT s.pgt_id, s.pgt_schema, s.pgt_name, s.status, s.refresh_mode, s.is_populated, s.data_timestamp, s.schedule,
       now() - s.data_timestamp AS staleness,
       CASE WHEN s.data_timestamp IS NULL THEN NULL
            ELSE now() - s.data_timestamp > pgtrickle.schedule_interval(coalesce(s.effective_schedule, s.schedule))
       END AS stale,
       s.consecutive_errors, false AS needs_reinit, s.last_refresh_at,
       coalesce(h.total, 0) AS total_refreshes, coalesce(h.ok, 0) AS successful_refreshes,
       coalesce(h.failed, 0) AS failed_refreshes, coalesce(h.inserted, 0) AS total_rows_inserted,
       coalesce(h.deleted, 0) AS total_rows_deleted, h.avg_ms AS avg_duration_ms, l.action AS last_action,
       l.status AS last_status,
       (SELECT array_agg(DISTINCT 'TRIGGER'::text) FROM pgtrickle.pgt_dependencies d
         WHERE d.pgt_id = s.pgt_id AND d.source_type IN ('TABLE', 'STREAM_TABLE')) AS cdc_modes,
       -- Trickle rejects cycles: no stream table is in a cycle group (compatibility columns of the reference)
       NULL::integer AS scc_id, NULL::integer AS last_fixpoint_iterations,
       s.effective_mode, coalesce(h.updated, 0) AS total_rows_updated, s.last_error
  FROM pgtrickle.pgt_stream_tables s
  LEFT JOIN LATERAL (
        SELECT count(*) AS total, count(*) FILTER (WHERE r.status = 'COMPLETED') AS ok,
               count(*) FILTER (WHERE r.status = 'FAILED') AS failed, sum(r.rows_inserted) AS inserted,
               sum(r.rows_updated) AS updated, sum(r.rows_deleted) AS deleted,
               avg(extract(epoch FROM r.end_time - r.start_time) * 1000)
                   FILTER (WHERE r.end_time IS NOT NULL)::float8 AS avg_ms
          FROM pgtrickle.pgt_refresh_history r WHERE r.pgt_id = s.pgt_id) h ON true
  LEFT JOIN LATERAL (
        SELECT r.action, r.status FROM pgtrickle.pgt_refresh_history r
         WHERE r.pgt_id = s.pgt_id ORDER BY r.refresh_id DESC LIMIT 1) l ON true;

-- pending change rows of each (stream table, captured source): rows after the stream table's frontier
CREATE OR REPLACE FUNCTION pgtrickle.change_buffer_sizes()
RETURNS TABLE (stream_table text, source_table text, source_oid bigint, cdc_mode text, pending_rows bigint,
               buffer_bytes bigint)
LANGUAGE plpgsql STABLE AS $fn$
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
        IF buffer IS NULL THEN
            pending_rows := 0;
            buffer_bytes := 0;
        ELSE
            EXECUTE format('SELECT count(*) FROM %s b WHERE b.__pgt_xid >= pg_snapshot_xmin($1)'
                           ' AND NOT pg_visible_in_snapshot(b.__pgt_xid, $1)', buffer)
               INTO pending_rows USING d.frontier;
            buffer_bytes := pg_total_relation_size(buffer);
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- The reference's tree: roots are the stream tables that read no stream table (sorted); under each stream table come
-- the stream tables that read it (sorted), then its plain sources as leaves ' [src]'. A stream table with two
-- stream-table parents (the bottom of a diamond) appears under each. Lines are drawn with '├── ', '└── ' and '│   '.
CREATE OR REPLACE FUNCTION pgtrickle.dependency_tree()
RETURNS TABLE (tree_line text, node text, node_type text, depth integer, status text, refresh_mode text)
LANGUAGE sql STABLE AS $fn$
    WITH RECURSIVE st AS (
        SELECT s.pgt_id, s.pgt_relid, format('%I.%I', s.pgt_schema, s.pgt_name) AS name, s.status, s.refresh_mode
          FROM pgtrickle.pgt_stream_tables s
    ), edges AS (
        SELECT up.pgt_id AS parent, reader.pgt_id AS child_id, reader.name AS child, true AS is_st
          FROM pgtrickle.pgt_dependencies d
          JOIN st up ON up.pgt_relid = d.source_relid
          JOIN st reader ON reader.pgt_id = d.pgt_id
        UNION ALL
        SELECT d.pgt_id, NULL::bigint, format('%I.%I', d.source_schema, d.source_name), false
          FROM pgtrickle.pgt_dependencies d
         WHERE NOT EXISTS (SELECT 1 FROM st up WHERE up.pgt_relid = d.source_relid)
    ), kids AS (
        SELECT e.*, row_number() OVER (PARTITION BY e.parent ORDER BY e.is_st DESC, e.child) AS pos,
               count(*) OVER (PARTITION BY e.parent) AS n
          FROM edges e
    ), roots AS (
        SELECT st.pgt_id, st.name, row_number() OVER (ORDER BY st.name) AS pos, count(*) OVER () AS n
          FROM st WHERE NOT EXISTS (SELECT 1 FROM edges e WHERE e.child_id = st.pgt_id)
    ), walk AS (
        SELECT r.pgt_id, r.name AS node, true AS is_st, 0 AS depth,
               CASE WHEN r.n = 1 THEN '' WHEN r.pos = r.n THEN '└── ' ELSE '├── ' END AS connector,
               '' AS continuation, ARRAY[r.pos] AS path
          FROM roots r
        UNION ALL
        SELECT k.child_id, k.child, k.is_st, w.depth + 1, CASE WHEN k.pos = k.n THEN '└── ' ELSE '├── ' END,
               w.continuation || CASE WHEN w.connector IN ('', '└── ') THEN '    ' ELSE '│   ' END, w.path || k.pos
          FROM walk w JOIN kids k ON k.parent = w.pgt_id
         WHERE w.is_st AND w.depth < 100
    )
    SELECT w.continuation || w.connector || w.node || CASE WHEN w.is_st THEN '' ELSE ' [src]' END, w.node,
           CASE WHEN w.is_st THEN 'stream_table' ELSE 'source_table' END, w.depth,
           CASE WHEN w.is_st THEN st.status END, CASE WHEN w.is_st THEN st.refresh_mode END
      FROM walk w LEFT JOIN st ON st.pgt_id = w.pgt_id
     ORDER BY w.path
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.refresh_timeline(max_rows integer DEFAULT 50)
RETURNS TABLE (start_time timestamptz, stream_table text, action text, status text, rows_inserted bigint,
               rows_deleted bigint, duration_ms float8, error_message text, rows_updated bigint, initiated_by text)
LANGUAGE sql STABLE AS $fn$
    SELECT r.start_time, format('%I.%I', s.pgt_schema, s.pgt_name), r.action, r.status, r.rows_inserted,
           r.rows_deleted, (extract(epoch FROM r.end_time - r.start_time) * 1000)::float8, r.error_message,
           r.rows_updated, r.initiated_by
      FROM pgtrickle.pgt_refresh_history r JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
     ORDER BY r.start_time DESC, r.refresh_id DESC
     LIMIT greatest(max_rows, 0)
$fn$;

-- the sources of one stream table; an unknown name is an error (SQL state 42P01), as for resume_stream_table
CREATE OR REPLACE FUNCTION pgtrickle.list_sources(name text)
RETURNS TABLE (source_table text, source_oid bigint, source_type text, cdc_mode text, columns_used text)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    target bigint;
BEGIN
    SELECT s.pgt_id INTO target FROM pgtrickle.pgt_stream_tables s
     WHERE s.pgt_relid = to_regclass(name)::oid
        OR (s.pgt_name = name AND s.pgt_schema = current_schema() AND to_regclass(name) IS NULL);
    IF target IS NULL THEN
        RAISE EXCEPTION 'stream table ''%'' does not exist', name USING ERRCODE = '42P01';
    END IF;
    RETURN QUERY
    SELECT format('%I.%I', d.source_schema, d.source_name), d.source_relid::bigint, d.source_type,
           CASE WHEN d.source_type IN ('TABLE', 'STREAM_TABLE') THEN 'TRIGGER' ELSE 'NONE' END,
           d.columns_used::text
      FROM pgtrickle.pgt_dependencies d
     WHERE d.pgt_id = target
     ORDER BY d.source_schema, d.source_name;
END
$fn$;

-- one row per capture trigger of each captured source: Trickle has three DML triggers (event INSERT, UPDATE, DELETE)
-- and one for TRUNCATE
CREATE OR REPLACE FUNCTION pgtrickle.trigger_inventory()
RETURNS TABLE (source_table text, source_oid bigint, trigger_name text, trigger_type text, present boolean,
               enabled boolean, event text)
LANGUAGE sql STABLE AS $fn$
    SELECT format('%I.%I', src.source_schema, src.source_name), src.source_relid::bigint, t.name,
           CASE WHEN t.event = 'TRUNCATE' THEN 'TRUNCATE' ELSE 'DML' END, tg.oid IS NOT NULL,
           coalesce(tg.tgenabled <> 'D', false), t.event
      FROM (SELECT DISTINCT source_relid, source_schema, source_name FROM pgtrickle.pgt_dependencies
             WHERE source_type IN ('TABLE', 'STREAM_TABLE')) src
      CROSS JOIN (VALUES (1, '__pgt_capture_ins', 'INSERT'), (2, '__pgt_capture_upd', 'UPDATE'),
                         (3, '__pgt_capture_del', 'DELETE'), (4, '__pgt_capture_trunc', 'TRUNCATE'))
                 AS t(pos, name, event)
      LEFT JOIN pg_trigger tg ON tg.tgrelid = src.source_relid AND tg.tgname = t.name
     ORDER BY 1, t.pos
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.diamond_groups()
RETURNS TABLE (group_id integer, member_name text, member_schema text, is_convergence boolean, epoch bigint,
               schedule_policy text)
LANGUAGE sql STABLE AS $fn$
    SELECT g.group_id, s.pgt_name, s.pgt_schema, g.is_convergence, 0::bigint, g.schedule_policy
      FROM pgtrickle.pgt_diamond_groups g JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
     ORDER BY g.group_id, g.is_convergence, s.pgt_schema, s.pgt_name
$fn$;

CREATE OR REPLACE FUNCTION pgtrickle.worker_pool_status()
RETURNS TABLE (active_workers integer, max_workers integer, per_db_cap integer, parallel_mode text,
               engines integer)
LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(sum(e.active_refreshes), 0)::integer, coalesce(sum(e.max_concurrent), 0)::integer,
           coalesce(max(e.max_concurrent), 0)::integer,
           CASE WHEN bool_or(e.parallel) THEN 'on' ELSE 'off' END, count(*)::integer
      FROM pgtrickle.pgt_engines e
     WHERE e.scheduler_running
       AND e.heartbeat_at > now() - make_interval(secs => greatest(3 * e.tick_ms, 5000) / 1000.0)
$fn$;

-- Refreshes running now (their advisory locks are held by a session inside a transaction) and those that ended in
-- the last max_age_seconds, newest first. Trickle has no job queue: each refresh is a job of one stream table, and
-- a running one has no id yet (its history row is written when it ends).
CREATE OR REPLACE FUNCTION pgtrickle.parallel_job_status(max_age_seconds integer DEFAULT 300)
RETURNS TABLE (job_id bigint, unit_key text, unit_kind text, status text, member_count integer, attempt_no integer,
               scheduler_pid integer, worker_pid integer, enqueued_at timestamptz, started_at timestamptz,
               finished_at timestamptz, duration_ms float8, stream_table text)
LANGUAGE sql STABLE AS $fn$
    SELECT NULL::bigint, 's:' || s.pgt_id, 'singleton', 'RUNNING', 1, 1, l.pid, l.pid,
           coalesce(a.xact_start, now()), a.xact_start, NULL::timestamptz, NULL::float8,
           format('%I.%I', s.pgt_schema, s.pgt_name)
      FROM pg_locks l
      JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = l.objid::bigint
      LEFT JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = 1953653611::oid AND l.objsubid = 2 AND l.granted
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       -- between its commit and the unlock a finished refresh idles: its history row already reports it
       AND a.state IS DISTINCT FROM 'idle'
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

CREATE OR REPLACE FUNCTION pgtrickle.resume_stream_table(name text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    target oid := to_regclass(name);
    found_id bigint;
BEGIN
    UPDATE pgtrickle.pgt_stream_tables
       SET status = 'ACTIVE', consecutive_errors = 0, last_error = NULL, updated_at = clock_timestamp()
     WHERE pgt_relid = target
    RETURNING pgt_id INTO found_id;
    IF found_id IS NULL THEN
        RAISE EXCEPTION 'stream table ''%'' does not exist', name USING ERRCODE = '42P01';
    END IF;
END
$fn$;

-- One row per check, severity OK, WARN or ERROR. scheduler_running: OK while an engine's scheduler sends
-- heartbeats; WARN when engines are registered but silent for three ticks (a long tick, or an engine that died
-- without unregistering); ERROR when no engine runs a scheduler, so nothing refreshes by itself. worker_pool is
-- reported only while an engine refreshes in parallel.
CREATE OR REPLACE FUNCTION pgtrickle.health_check()
RETURNS TABLE (check_name text, severity text, detail text)
LANGUAGE sql STABLE AS $fn$
    WITH engines AS (
        SELECT count(*) FILTER (WHERE e.scheduler_running
                                  AND e.heartbeat_at > now() - make_interval(secs => greatest(3 * e.tick_ms, 5000) / 1000.0)) AS live,
               count(*) AS known
          FROM pgtrickle.pgt_engines e
    ), bad AS (
        SELECT string_agg(format('%I.%I (%s)', pgt_schema, pgt_name, status), ', ' ORDER BY pgt_schema, pgt_name) AS names
          FROM pgtrickle.pgt_stream_tables WHERE status IN ('ERROR', 'SUSPENDED')
    ), stale AS (
        SELECT string_agg(format('%I.%I', pgt_schema, pgt_name), ', ' ORDER BY pgt_schema, pgt_name) AS names
          FROM pgtrickle.pg_stat_stream_tables WHERE stale AND status = 'ACTIVE'
    ), erring AS (
        SELECT string_agg(format('%I.%I (%s)', pgt_schema, pgt_name, consecutive_errors), ', '
                          ORDER BY pgt_schema, pgt_name) AS names
          FROM pgtrickle.pgt_stream_tables WHERE consecutive_errors > 0 AND status = 'ACTIVE'
    ), buffers AS (
        SELECT string_agg(DISTINCT source_table || ' (' || pending_rows || ')', ', ') AS names
          FROM pgtrickle.change_buffer_sizes() WHERE pending_rows > 10000
    ), pool AS (
        SELECT p.active_workers, p.max_workers, p.parallel_mode FROM pgtrickle.worker_pool_status() p
    ), triggers AS (
        SELECT string_agg(DISTINCT source_table, ', ') AS names
          FROM pgtrickle.trigger_inventory() WHERE NOT present OR NOT enabled
    )
    SELECT 'scheduler_running',
           CASE WHEN live > 0 THEN 'OK' WHEN known > 0 THEN 'WARN' ELSE 'ERROR' END,
           CASE WHEN live > 0 THEN live || ' engine(s) scheduling refreshes'
                WHEN known > 0 THEN known || ' engine(s) registered but without a heartbeat for three ticks:'
                                  || ' busy with a long refresh, or stopped without unregistering'
                ELSE 'no engine runs a scheduler: stream tables refresh only when asked (call Trickle.start())' END
      FROM engines
    UNION ALL
    SELECT 'error_tables', CASE WHEN names IS NULL THEN 'OK' ELSE 'ERROR' END,
           coalesce('stream tables in ERROR or SUSPENDED: ' || names, 'none') FROM bad
    UNION ALL
    SELECT 'stale_tables', CASE WHEN names IS NULL THEN 'OK' ELSE 'WARN' END,
           coalesce('stream tables older than their schedule: ' || names, 'none') FROM stale
    UNION ALL
    SELECT 'consecutive_errors', CASE WHEN names IS NULL THEN 'OK' ELSE 'WARN' END,
           coalesce('stream tables whose last refreshes failed: ' || names, 'none') FROM erring
    UNION ALL
    SELECT 'buffer_growth', CASE WHEN names IS NULL THEN 'OK' ELSE 'WARN' END,
           coalesce('change buffers with more than 10000 pending rows: ' || names, 'none') FROM buffers
    UNION ALL
    SELECT 'trigger_health', CASE WHEN names IS NULL THEN 'OK' ELSE 'ERROR' END,
           coalesce('sources with missing or disabled capture triggers: ' || names, 'all present') FROM triggers
    UNION ALL
    SELECT 'worker_pool', CASE WHEN active_workers >= max_workers THEN 'WARN' ELSE 'OK' END,
           active_workers || '/' || max_workers || ' refresh slots in use'
           || CASE WHEN active_workers >= max_workers THEN ': refreshes wait for a free slot' ELSE '' END
      FROM pool WHERE parallel_mode = 'on'
$fn$;

-- Deletes the buffer rows of the given sources that every reader has consumed (rows of transactions older than
-- every reader's frontier). Never fails: a buffer that cannot be cleaned now is cleaned by a later call.
CREATE OR REPLACE FUNCTION pgtrickle.cleanup_buffers(sources bigint[]) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
    src bigint;
    buffer regclass;
    horizon xid8;
    deleted bigint := 0;
    n bigint;
BEGIN
    FOREACH src IN ARRAY coalesce(sources, '{}') LOOP
        BEGIN
            buffer := to_regclass(format('pgtrickle_changes.%I', 'changes_' || src));
            SELECT pg_snapshot_xmin(d.frontier) INTO horizon FROM pgtrickle.pgt_dependencies d
             WHERE d.source_relid = src::oid ORDER BY pg_snapshot_xmin(d.frontier) LIMIT 1;
            IF buffer IS NOT NULL AND horizon IS NOT NULL THEN
                EXECUTE format('DELETE FROM %s WHERE __pgt_xid < $1', buffer) USING horizon;
                GET DIAGNOSTICS n = ROW_COUNT;
                deleted := deleted + n;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
    RETURN deleted;
END
$fn$;
