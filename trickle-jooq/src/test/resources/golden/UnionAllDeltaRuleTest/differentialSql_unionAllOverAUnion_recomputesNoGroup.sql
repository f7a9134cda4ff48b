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
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1",
  case when "__pgt_u"."__pgt_branch" = 1 then 1 end AS "__pgt_a1",
  case when "__pgt_u"."__pgt_branch" = 2 then 1 end AS "__pgt_a2",
  case when "__pgt_u"."__pgt_branch" = 3 then 1 end AS "__pgt_a3"
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
  "__pgt_u"."__pgt_c1" AS "__pgt_g1",
  case when "__pgt_u"."__pgt_branch" = 1 then 1 end AS "__pgt_a1",
  case when "__pgt_u"."__pgt_branch" = 2 then 1 end AS "__pgt_a2",
  case when "__pgt_u"."__pgt_branch" = 3 then 1 end AS "__pgt_a3"
FROM (
  SELECT
    CAST("products"."name" AS text) AS "__pgt_c1",
    2 AS "__pgt_branch",
    "products"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16404" AS "products"
) AS "__pgt_u"
UNION ALL
SELECT
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1",
  case when "__pgt_u"."__pgt_branch" = 1 then 1 end AS "__pgt_a1",
  case when "__pgt_u"."__pgt_branch" = 2 then 1 end AS "__pgt_a2",
  case when "__pgt_u"."__pgt_branch" = 3 then 1 end AS "__pgt_a3"
FROM (
  SELECT
    CAST("orders"."status" AS text) AS "__pgt_c1",
    3 AS "__pgt_branch",
    "orders"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16401" AS "orders"
) AS "__pgt_u"
),
"__pgt_agg" AS (
SELECT
  hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id",
  x."__pgt_g1",
  sum("x"."__pgt_w") AS "__pgt_dcount",
  sum(CASE
    WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_1",
  sum(CASE
    WHEN "x"."__pgt_a2" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_2",
  sum(CASE
    WHEN "x"."__pgt_a3" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_3"
FROM "__pgt_delta" AS "x"
GROUP BY x."__pgt_g1"
HAVING count(*) > 0
),
"__pgt_s" AS (
SELECT
  "a"."__pgt_row_id",
  "a"."__pgt_g1",
  (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count",
  (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) AS "__pgt_nn_1",
  (coalesce("o"."__pgt_nn_2", 0) + coalesce("a"."__pgt_dnn_2", 0)) AS "__pgt_nn_2",
  (coalesce("o"."__pgt_nn_3", 0) + coalesce("a"."__pgt_dnn_3", 0)) AS "__pgt_nn_3",
  "o"."__pgt_row_id" AS "__pgt_old",
  ((case when (coalesce("o"."__pgt_nn_1", 0) > 0 or coalesce("o"."__pgt_nn_2", 0) > 0) then 1 else 0 end + coalesce("o"."__pgt_nn_3", 0)))::bigint AS "__pgt_m_old"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "c"."name",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_count" END AS "__pgt_count",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_nn_1" END AS "__pgt_nn_1",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_nn_2" END AS "__pgt_nn_2",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_nn_3" END AS "__pgt_nn_3",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_row_id" ELSE hashint8extended("__pgt_j"."__pgt_j", "c"."__pgt_row_id") END AS "__pgt_row_id",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_action" WHEN "__pgt_j"."__pgt_j" > "c"."__pgt_m" THEN 'D' ELSE 'I' END AS "__pgt_action"
FROM (
  SELECT
    "__pgt_s"."__pgt_g1" AS "name",
    "__pgt_s"."__pgt_count",
    "__pgt_s"."__pgt_nn_1",
    "__pgt_s"."__pgt_nn_2",
    "__pgt_s"."__pgt_nn_3",
    "__pgt_s"."__pgt_row_id",
    CASE
      WHEN "__pgt_s"."__pgt_count" = 0 THEN 'D'
      WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I'
      ELSE 'U'
    END AS "__pgt_action",
    ((case when ("__pgt_s"."__pgt_nn_1" > 0 or "__pgt_s"."__pgt_nn_2" > 0) then 1 else 0 end + "__pgt_s"."__pgt_nn_3"))::bigint AS "__pgt_m",
    "__pgt_s"."__pgt_m_old"
  FROM "__pgt_s"
  WHERE (
    "__pgt_s"."__pgt_count" > 0
    OR "__pgt_s"."__pgt_old" IS NOT NULL
  )
) AS "c"
  CROSS JOIN LATERAL (SELECT 1 AS "__pgt_j" UNION ALL SELECT generate_series(greatest(least("c"."__pgt_m_old", "c"."__pgt_m"), 1) + 1, greatest("c"."__pgt_m_old", "c"."__pgt_m"))) AS "__pgt_j"
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
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_nn_2" = "d"."__pgt_nn_2",
  "__pgt_nn_3" = "d"."__pgt_nn_3"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."name" IS DISTINCT FROM "d"."name"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
    OR "t"."__pgt_nn_1" IS DISTINCT FROM "d"."__pgt_nn_1"
    OR "t"."__pgt_nn_2" IS DISTINCT FROM "d"."__pgt_nn_2"
    OR "t"."__pgt_nn_3" IS DISTINCT FROM "d"."__pgt_nn_3"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" (
  "name",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_nn_2",
  "__pgt_nn_3",
  "__pgt_row_id"
)
SELECT
  "d"."name",
  "d"."__pgt_count",
  "d"."__pgt_nn_1",
  "d"."__pgt_nn_2",
  "d"."__pgt_nn_3",
  "d"."__pgt_row_id"
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
