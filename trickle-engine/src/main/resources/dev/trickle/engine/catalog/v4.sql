-- Catalog version 4: cheaper refresh bookkeeping.
-- * frontier_snapshot() appends the ids between the snapshot's xmax and the transaction's own id to the snapshot's
--   in-progress list as they come (both lists are ascending, and every id of the first is below every id of the
--   second) instead of merging and sorting them as text: a refresh assigns its own id after its snapshot, so it
--   always took that path, which cost about 60 microseconds per call.

CREATE OR REPLACE FUNCTION pgtrickle.frontier_snapshot() RETURNS pg_snapshot
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN own IS NULL OR own < pg_snapshot_xmax(snap) THEN snap
        ELSE (pg_snapshot_xmin(snap)::text || ':' || (own::text::bigint + 1)::text || ':'
              || array_to_string(ARRAY(SELECT x::text FROM pg_snapshot_xip(snap) AS x)
                                 || ARRAY(SELECT g::text
                                            FROM generate_series(pg_snapshot_xmax(snap)::text::bigint,
                                                                 own::text::bigint - 1) AS g), ','))::pg_snapshot
    END
      FROM (SELECT pg_current_snapshot() AS snap, pg_current_xact_id_if_assigned() AS own) q
$fn$;

REVOKE ALL ON FUNCTION pgtrickle.frontier_snapshot() FROM PUBLIC;

-- * The buffer cleanup is one prepared DELETE per source, written by the engine; the function it replaces (a loop
--   with dynamic SQL and a subtransaction per source, about six times the cost) is gone. Engines of earlier
--   versions refuse a newer catalog, so none calls it.
DROP FUNCTION IF EXISTS pgtrickle.cleanup_buffers(bigint[]);
