WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."sensor", "b"."value"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."name"
FROM "pgtrickle_changes"."changes_16402" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)))
)
),
"__pgt_delta" AS (
SELECT
  hash_record_extended(ROW(record_send(ROW(CAST("r"."sensor" AS integer), CAST("r"."value" AS numeric))), "s"."id"), 0) AS "__pgt_k",
  "r"."__pgt_w" AS "__pgt_w",
  "s"."name" AS "name",
  "r"."value" AS "value"
FROM
  "__pgt_changes_16401" AS "r",
  "public"."sensors" AS "s"
WHERE ("s"."id" = "r"."sensor")
UNION ALL
SELECT
  hash_record_extended(ROW(record_send(ROW(CAST("r"."sensor" AS integer), CAST("r"."value" AS numeric))), "s"."id"), 0) AS "__pgt_k",
  "s"."__pgt_w" AS "__pgt_w",
  "s"."name" AS "name",
  "r"."value" AS "value"
FROM
  "public"."readings" AS "r",
  "__pgt_changes_16402" AS "s"
WHERE ("s"."id" = "r"."sensor")
UNION ALL
SELECT
  hash_record_extended(ROW(record_send(ROW(CAST("r"."sensor" AS integer), CAST("r"."value" AS numeric))), "s"."id"), 0) AS "__pgt_k",
  -("r"."__pgt_w" * "s"."__pgt_w") AS "__pgt_w",
  "s"."name" AS "name",
  "r"."value" AS "value"
FROM
  "__pgt_changes_16401" AS "r",
  "__pgt_changes_16402" AS "s"
WHERE ("s"."id" = "r"."sensor")
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
      sum(x."__pgt_w") OVER (PARTITION BY x."__pgt_k", hashtextextended(ROW(x."name", x."value")::text, 0)) AS "__pgt_net"
    FROM "__pgt_delta" AS "x"
  ) AS "y"
  WHERE "y"."__pgt_net" <> 0
) AS "z"
ORDER BY "z"."__pgt_k", "z"."__pgt_net" DESC
),
"__pgt_d" AS MATERIALIZED (
SELECT
  CASE
    WHEN "c"."__pgt_net" > 0 THEN "c"."name"
    ELSE "h"."name"
  END AS "name",
  CASE
    WHEN "c"."__pgt_net" > 0 THEN "c"."value"
    ELSE "h"."value"
  END AS "value",
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
  "name" = "d"."name",
  "value" = "d"."value",
  "__pgt_mult" = "d"."__pgt_mult"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."name" IS DISTINCT FROM "d"."name"
    OR "t"."value" IS DISTINCT FROM "d"."value"
    OR "t"."__pgt_mult" IS DISTINCT FROM "d"."__pgt_mult"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("name", "value", "__pgt_mult", "__pgt_row_id")
SELECT "d"."name", "d"."value", "d"."__pgt_mult", "d"."__pgt_row_id"
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
