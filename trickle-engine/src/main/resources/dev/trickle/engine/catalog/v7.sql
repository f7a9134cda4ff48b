-- Catalog version 7: change capture from the WAL (logical decoding), beside the triggers. A source captured from the
-- WAL has a row in pgt_capture (a source without one is captured by triggers), written when its buffer is created and
-- deleted with it; pgt_wal holds the database's replication slot and how far it was drained. A WAL-captured source's state records its replica identity
-- and its membership in publication pgtrickle, so that a refresh fails when either was changed by hand.

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_capture (
    source_relid oid PRIMARY KEY,
    kind text NOT NULL CHECK (kind = 'WAL'),
    -- the replica identity the source had before (pg_class.relreplident) and its index, restored with the last reader
    replica_identity_before "char" NOT NULL,
    replica_identity_index oid,
    -- the captured columns as the source had them when the buffer was last widened: a change decoded with another
    -- column of that name (dropped, renamed, retyped) writes the marker instead of its rows
    column_names text[] NOT NULL DEFAULT '{}',
    column_types oid[] NOT NULL DEFAULT '{}',
    column_typmods integer[] NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_wal (
    slot_name name PRIMARY KEY,
    -- every transaction that committed before drained_lsn is in the change buffers, and of those that committed
    -- after it the ones in applied: a refresh writes only the transactions visible in its snapshot (a change window's
    -- upper bound is what the refresh sees), so drained_lsn stops at the first one it had to leave for a later refresh
    drained_lsn pg_lsn NOT NULL,
    applied xid8[] NOT NULL DEFAULT '{}'
);

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
               -- a view's definition, as the server prints it with every name qualified: a stream table expanded
               -- from it must not silently keep the old one
               || CASE WHEN c.relkind = 'v' THEN jsonb_build_object('definition', md5(pg_get_viewdef(c.oid)))
                       ELSE '{}' END
               -- a source captured from the WAL: its old rows must carry every column (replica identity FULL) and
               -- its changes must reach the slot (a member of publication pgtrickle)
               || CASE WHEN w.source_relid IS NOT NULL THEN jsonb_build_object('wal', jsonb_build_object(
                           'replident', c.relreplident::text,
                           'published', EXISTS (SELECT 1 FROM pg_publication_rel pr
                                                  JOIN pg_publication p ON p.oid = pr.prpubid
                                                 WHERE p.pubname = 'pgtrickle' AND pr.prrelid = c.oid)))
                       ELSE '{}' END
           END
      FROM unnest(rels) AS r(oid)
      LEFT JOIN pg_class c ON c.oid = r.oid
      LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pgtrickle.pgt_capture w ON w.source_relid = c.oid
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_array(x.attnum, x.attname::text, x.atttypid::bigint, x.atttypmod)
                                          ORDER BY x.attnum) AS cols
                           FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attnum > 0 AND NOT x.attisdropped) a ON true
      -- the key: the primary key, else the replica identity index, else the unique index of fewest columns that
      -- is a key (immediate, valid, without predicate or expression, every column NOT NULL), the oldest first
      LEFT JOIN LATERAL (SELECT i.indkey[0:i.indnkeyatts - 1]::int2[] AS pk FROM pg_index i
                          WHERE i.indrelid = c.oid AND 0 <> ALL (i.indkey)
                            AND (i.indisprimary OR i.indisreplident
                                 OR (i.indisunique AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL
                                     AND i.indexprs IS NULL AND NOT EXISTS (
                                         SELECT 1 FROM pg_attribute x
                                          WHERE x.attrelid = c.oid AND x.attnum = ANY (i.indkey[0:i.indnkeyatts - 1])
                                            AND NOT x.attnotnull)))
                          ORDER BY i.indisprimary DESC, i.indisreplident DESC, i.indnkeyatts, i.indexrelid
                          LIMIT 1) k ON true
      LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_array(g.tgname::text, g.tgenabled::text, g.xmin::text,
                                                            g.tgfoid::bigint) ORDER BY g.tgname) AS trg
                           FROM pg_trigger g
                          WHERE g.tgrelid = c.oid AND left(g.tgname, 6) = '__pgt_' AND NOT g.tgisinternal) t ON true;
END
$fn$;

REVOKE ALL ON FUNCTION pgtrickle.source_states(oid[]) FROM PUBLIC;

-- The stream tables that may have something to refresh, as in version 6, and every one that reads a source captured
-- from the WAL: the scheduler must not mark it fresh from its buffers, which only a refresh fills.
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
                            AND (d.source_type NOT IN ('TABLE', 'STREAM_TABLE', 'VIEW') OR d.frontier IS NULL
                                 -- a view expanded by a DIFFERENTIAL stream table changes with its base tables,
                                 -- which are its sources too; a replaced view shows in its state, below
                                 OR (d.source_type = 'VIEW' AND s.effective_mode <> 'DIFFERENTIAL')))
                -- a source captured from the WAL: its changes reach the buffer only when a refresh drains the slot
                OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d
                             JOIN pgtrickle.pgt_capture w ON w.source_relid = d.source_relid
                            WHERE d.pgt_id = s.pgt_id));
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

-- The replication slot of WAL capture, and how much WAL it retains: a slot that no refresh drains keeps WAL forever.
CREATE OR REPLACE FUNCTION pgtrickle.wal_capture_status()
RETURNS TABLE (slot_name name, drained_lsn pg_lsn, slot_exists boolean, wal_status text, retained_bytes numeric,
               lag_bytes numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT w.slot_name, w.drained_lsn, s.slot_name IS NOT NULL, s.wal_status,
           pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn), pg_wal_lsn_diff(pg_current_wal_lsn(), w.drained_lsn)
      FROM pgtrickle.pgt_wal w LEFT JOIN pg_replication_slots s ON s.slot_name = w.slot_name
$fn$;
REVOKE ALL ON FUNCTION pgtrickle.wal_capture_status() FROM PUBLIC;
