WITH "__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."name"
FROM "pgtrickle_changes"."changes_16402" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)))
)
),
"__pgt_changes_16404" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."name"
FROM "pgtrickle_changes"."changes_16404" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16404::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16404::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1"
FROM (
  SELECT
    CAST("customers"."name" AS text) AS "__pgt_c1",
    1 AS "__pgt_branch",
    "customers"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16402" AS "customers"
) AS "__pgt_u"
UNION ALL
SELECT
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1"
FROM (
  SELECT
    CAST("products"."name" AS text) AS "__pgt_c1",
    2 AS "__pgt_branch",
    "products"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16404" AS "products"
) AS "__pgt_u"
),
"__pgt_agg" AS (
SELECT
  hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id",
  x."__pgt_g1",
  sum("x"."__pgt_w") AS "__pgt_dcount"
FROM "__pgt_delta" AS "x"
GROUP BY x."__pgt_g1"
HAVING count(*) > 0
),
"__pgt_s" AS (
SELECT
  "a"."__pgt_row_id",
  "a"."__pgt_g1",
  (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count",
  "o"."__pgt_row_id" AS "__pgt_old"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "__pgt_s"."__pgt_g1" AS "name",
  "__pgt_s"."__pgt_count",
  "__pgt_s"."__pgt_row_id",
  CASE
    WHEN "__pgt_s"."__pgt_count" = 0 THEN 'D'
    WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I'
    ELSE 'U'
  END AS "__pgt_action"
FROM "__pgt_s"
WHERE (
  "__pgt_s"."__pgt_count" > 0
  OR "__pgt_s"."__pgt_old" IS NOT NULL
)
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
  "__pgt_count" = "d"."__pgt_count"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."name" IS DISTINCT FROM "d"."name"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("name", "__pgt_count", "__pgt_row_id")
SELECT "d"."name", "d"."__pgt_count", "d"."__pgt_row_id"
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
