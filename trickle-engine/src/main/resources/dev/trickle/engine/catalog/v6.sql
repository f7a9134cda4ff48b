-- Catalog version 6: a view's state records its definition. A DIFFERENTIAL stream table reads a view by expanding
-- its definition (the view stays a source, its base tables are captured); CREATE OR REPLACE VIEW keeps the view's OID
-- and may keep its columns, so the state records a hash of the definition, and the next refresh of a stream table
-- expanded from the old one fails with the reason. Tables' states are unchanged. Such a view is no reason to refresh by
-- itself: pending_changes looks at its base tables.

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
           END
      FROM unnest(rels) AS r(oid)
      LEFT JOIN pg_class c ON c.oid = r.oid
      LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
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
                                 OR (d.source_type = 'VIEW' AND s.effective_mode <> 'DIFFERENTIAL'))));
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
