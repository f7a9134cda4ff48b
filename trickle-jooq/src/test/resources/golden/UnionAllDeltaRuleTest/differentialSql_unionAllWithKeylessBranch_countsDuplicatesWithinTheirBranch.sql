WITH "__pgt_changes_16407" AS (
SELECT "b"."__pgt_w", "b"."payload"
FROM "pgtrickle_changes"."changes_16407" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16407::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16407::oid)))
)
),
"__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."status"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "__pgt_u"."__pgt_bid" AS "__pgt_k",
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "p"
FROM (
  SELECT
    CAST(cast("events"."payload" as text) AS text) AS "__pgt_c1",
    1 AS "__pgt_branch",
    hash_record_extended(ROW(1, hash_record_extended(ROW(record_send(ROW(CAST("events"."payload" AS json)))), 0)), 0) AS "__pgt_bid",
    "events"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16407" AS "events"
) AS "__pgt_u"
UNION ALL
SELECT
  "__pgt_u"."__pgt_bid" AS "__pgt_k",
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "p"
FROM (
  SELECT
    CAST("orders"."status" AS text) AS "__pgt_c1",
    2 AS "__pgt_branch",
    hash_record_extended(ROW(2, hash_record_extended(ROW("orders"."id"), 0)), 0) AS "__pgt_bid",
    "orders"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16401" AS "orders"
) AS "__pgt_u"
),
"__pgt_net" AS (
SELECT DISTINCT ON ("z"."__pgt_k") "z".*
FROM (
  SELECT
    "y".*,
    sum(y."__pgt_w") OVER (PARTITION BY y."__pgt_k") AS "__pgt_dn",
    (bool_or(y."__pgt_net" < 0) OVER (PARTITION BY y."__pgt_k") AND bool_or(y."__pgt_net" > 0) OVER (PARTITION BY y."__pgt_k")) AS "__pgt_changed"
  FROM (
    SELECT
      "x".*,
      sum(x."__pgt_w") OVER (PARTITION BY x."__pgt_k", hashtextextended(ROW(x."p")::text, 0)) AS "__pgt_net"
    FROM "__pgt_delta" AS "x"
  ) AS "y"
  WHERE "y"."__pgt_net" <> 0
) AS "z"
ORDER BY "z"."__pgt_k", "z"."__pgt_net" DESC
),
"__pgt_d" AS MATERIALIZED (
SELECT
  CASE
    WHEN "c"."__pgt_net" > 0 THEN "c"."p"
    ELSE "h"."p"
  END AS "p",
  CASE WHEN j."j" = 1 AND (coalesce(h."__pgt_mult", 0) + c."__pgt_dn") > 0 THEN (coalesce(h."__pgt_mult", 0) + c."__pgt_dn")::bigint END AS "__pgt_mult",
  hashint8extended(j."j", c."__pgt_k") AS "__pgt_row_id",
  CASE WHEN j."j" > (coalesce(h."__pgt_mult", 0) + c."__pgt_dn") THEN 'D' WHEN j."j" > coalesce(h."__pgt_mult", 0) THEN 'I' ELSE 'U' END AS "__pgt_action"
FROM "__pgt_net" AS "c"
  LEFT OUTER JOIN "public"."st" AS "h"
    ON "h"."__pgt_row_id" = hashint8extended(1, c."__pgt_k")
  CROSS JOIN LATERAL (SELECT generate_series(CASE WHEN c."__pgt_changed" THEN 1 ELSE least(coalesce(h."__pgt_mult", 0), (coalesce(h."__pgt_mult", 0) + c."__pgt_dn")) + 1 END, greatest(coalesce(h."__pgt_mult", 0), (coalesce(h."__pgt_mult", 0) + c."__pgt_dn"))) AS "j" UNION SELECT 1 WHERE coalesce(h."__pgt_mult", 0) > 0 AND (coalesce(h."__pgt_mult", 0) + c."__pgt_dn") > 0) AS "j"
),
"__pgt_del" AS (
DELETE FROM "public"."st" AS "t"
USING "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'D'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
)
RETURNING 1
),
"__pgt_upd" AS (
UPDATE "public"."st" AS "t"
SET
  "p" = "d"."p",
  "__pgt_mult" = "d"."__pgt_mult"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."p" IS DISTINCT FROM "d"."p"
    OR "t"."__pgt_mult" IS DISTINCT FROM "d"."__pgt_mult"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("p", "__pgt_mult", "__pgt_row_id")
SELECT "d"."p", "d"."__pgt_mult", "d"."__pgt_row_id"
FROM "__pgt_d" AS "d"
WHERE "d"."__pgt_action" = 'I'
RETURNING 1
),
"__pgt_counts" AS (
SELECT
  (
    SELECT count(*)
    FROM "__pgt_ins"
  ) AS "inserted",
  (
    SELECT count(*)
    FROM "__pgt_upd"
  ) AS "updated",
  (
    SELECT count(*)
    FROM "__pgt_del"
  ) AS "deleted"
)
SELECT "inserted", "updated", "deleted"
FROM "__pgt_counts"
