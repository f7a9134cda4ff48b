WITH "__pgt_changes_16401" AS (
SELECT
  "b"."__pgt_w",
  "b"."id",
  "b"."customer_id",
  "b"."amount",
  "b"."status"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "orders"."__pgt_w" AS "__pgt_w",
  "orders"."customer_id" AS "__pgt_g1",
  "orders"."amount" AS "__pgt_a1"
FROM "__pgt_changes_16401" AS "orders"
),
"__pgt_agg" AS (
SELECT
  hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id",
  x."__pgt_g1",
  sum("x"."__pgt_w") AS "__pgt_dcount",
  sum(CASE
    WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_1",
  sum(("x"."__pgt_w" * "x"."__pgt_a1")) AS "__pgt_dsum_1"
FROM "__pgt_delta" AS "x"
GROUP BY x."__pgt_g1"
HAVING count(*) > 0
),
"__pgt_s0" AS (
SELECT
  "a"."__pgt_row_id",
  "a"."__pgt_g1",
  (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count",
  (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) AS "__pgt_nn_1",
  CASE
    WHEN (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) <> 0 THEN coalesce(
      ("o"."__pgt_sum_1" + "a"."__pgt_dsum_1"),
      "o"."__pgt_sum_1",
      "a"."__pgt_dsum_1"
    )
  END AS "__pgt_sum_1",
  "o"."__pgt_row_id" AS "__pgt_old",
  true AS "__pgt_rescan"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_r" AS (
SELECT
  hash_record_extended(ROW("orders"."customer_id"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("orders"."amount") AS "__pgt_nn_1",
  sum("orders"."amount") AS "__pgt_sum_1",
  count(distinct "orders"."status") AS "__pgt_r_1",
  string_agg(cast("orders"."status" as varchar), ',' order by "orders"."id") AS "__pgt_r_2"
FROM "public"."orders" AS "orders"
WHERE ((EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("orders"."customer_id") = "f"."__pgt_g1")))
GROUP BY "orders"."customer_id"
UNION ALL
SELECT
  hash_record_extended(ROW("orders"."customer_id"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("orders"."amount") AS "__pgt_nn_1",
  sum("orders"."amount") AS "__pgt_sum_1",
  count(distinct "orders"."status") AS "__pgt_r_1",
  string_agg(cast("orders"."status" as varchar), ',' order by "orders"."id") AS "__pgt_r_2"
FROM "public"."orders" AS "orders"
WHERE (((("orders"."customer_id") IS NULL) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL)) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL) AND (("orders"."customer_id") = "f"."__pgt_g1" OR (("orders"."customer_id") IS NULL AND "f"."__pgt_g1" IS NULL)))))
GROUP BY "orders"."customer_id"
),
"__pgt_s" AS (
SELECT
  "s"."__pgt_row_id",
  "s"."__pgt_g1",
  CASE
    WHEN "s"."__pgt_rescan" THEN coalesce("r"."__pgt_count", 0)
    ELSE "s"."__pgt_count"
  END AS "__pgt_count",
  CASE
    WHEN "s"."__pgt_rescan" THEN coalesce("r"."__pgt_nn_1", 0)
    ELSE "s"."__pgt_nn_1"
  END AS "__pgt_nn_1",
  CASE
    WHEN "s"."__pgt_rescan" THEN "r"."__pgt_sum_1"
    ELSE "s"."__pgt_sum_1"
  END AS "__pgt_sum_1",
  "r"."__pgt_r_1",
  "r"."__pgt_r_2",
  "s"."__pgt_old"
FROM "__pgt_s0" AS "s"
  LEFT OUTER JOIN "__pgt_r" AS "r"
    ON "r"."__pgt_row_id" = "s"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "__pgt_s"."__pgt_g1" AS "customer_id",
  "__pgt_s"."__pgt_count" AS "n",
  "__pgt_s"."__pgt_r_1" AS "statuses",
  "__pgt_s"."__pgt_r_2" AS "list",
  "__pgt_s"."__pgt_sum_1" AS "total",
  "__pgt_s"."__pgt_count",
  "__pgt_s"."__pgt_nn_1",
  "__pgt_s"."__pgt_sum_1",
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
  "customer_id" = "d"."customer_id",
  "n" = "d"."n",
  "statuses" = "d"."statuses",
  "list" = "d"."list",
  "total" = "d"."total",
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_sum_1" = "d"."__pgt_sum_1"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."customer_id" IS DISTINCT FROM "d"."customer_id"
    OR "t"."n" IS DISTINCT FROM "d"."n"
    OR "t"."statuses" IS DISTINCT FROM "d"."statuses"
    OR "t"."list" IS DISTINCT FROM "d"."list"
    OR "t"."total" IS DISTINCT FROM "d"."total"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
    OR "t"."__pgt_nn_1" IS DISTINCT FROM "d"."__pgt_nn_1"
    OR "t"."__pgt_sum_1" IS DISTINCT FROM "d"."__pgt_sum_1"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" (
  "customer_id",
  "n",
  "statuses",
  "list",
  "total",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_sum_1",
  "__pgt_row_id"
)
SELECT
  "d"."customer_id",
  "d"."n",
  "d"."statuses",
  "d"."list",
  "d"."total",
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
