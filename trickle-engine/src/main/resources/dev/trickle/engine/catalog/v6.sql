-- Catalog version 6: a view's state records its definition. A DIFFERENTIAL stream table reads a view by expanding
-- its definition (the view stays a source, its base tables are captured); CREATE OR REPLACE VIEW keeps the view's OID
-- and may keep its columns, so the state records a hash of the definition, and the next refresh of a stream table
-- expanded from the old one fails with the reason. Tables' states are unchanged.

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
