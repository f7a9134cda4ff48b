WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."amount"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "orders"."__pgt_w" AS "__pgt_w",
  "orders"."amount" AS "__pgt_a1"
FROM "__pgt_changes_16401" AS "orders"
),
"__pgt_agg" AS (
SELECT
  0::bigint AS "__pgt_row_id",
  sum("x"."__pgt_w") AS "__pgt_dcount",
  sum(CASE
    WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_1",
  sum(("x"."__pgt_w" * "x"."__pgt_a1")) AS "__pgt_dsum_1"
FROM "__pgt_delta" AS "x"
HAVING count(*) > 0
),
"__pgt_s" AS (
SELECT
  "a"."__pgt_row_id",
  (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count",
  (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) AS "__pgt_nn_1",
  CASE
    WHEN (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) <> 0 THEN coalesce(
      ("o"."__pgt_sum_1" + "a"."__pgt_dsum_1"),
      "o"."__pgt_sum_1",
      "a"."__pgt_dsum_1"
    )
  END AS "__pgt_sum_1",
  "o"."__pgt_row_id" AS "__pgt_old"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "__pgt_s"."__pgt_count" AS "n",
  "__pgt_s"."__pgt_sum_1" AS "s",
  "__pgt_s"."__pgt_count",
  "__pgt_s"."__pgt_nn_1",
  "__pgt_s"."__pgt_sum_1",
  "__pgt_s"."__pgt_row_id",
  CASE
    WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I'
    ELSE 'U'
  END AS "__pgt_action"
FROM "__pgt_s"
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
  "n" = "d"."n",
  "s" = "d"."s",
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_sum_1" = "d"."__pgt_sum_1"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."n" IS DISTINCT FROM "d"."n"
    OR "t"."s" IS DISTINCT FROM "d"."s"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
    OR "t"."__pgt_nn_1" IS DISTINCT FROM "d"."__pgt_nn_1"
    OR "t"."__pgt_sum_1" IS DISTINCT FROM "d"."__pgt_sum_1"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" (
  "n",
  "s",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_sum_1",
  "__pgt_row_id"
)
SELECT
  "d"."n",
  "d"."s",
  "d"."__pgt_count",
  "d"."__pgt_nn_1",
  "d"."__pgt_sum_1",
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
