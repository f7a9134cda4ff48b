WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."amount"
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
  "o"."__pgt_w" AS "__pgt_w",
  "o"."customer_id" AS "__pgt_g1",
  "c"."name" AS "__pgt_g2",
  "o"."amount" AS "__pgt_a1"
FROM
  "__pgt_changes_16401" AS "o",
  "public"."customers" AS "c"
WHERE ("c"."id" = "o"."customer_id")
UNION ALL
SELECT
  "c"."__pgt_w" AS "__pgt_w",
  "o"."customer_id" AS "__pgt_g1",
  "c"."name" AS "__pgt_g2",
  "o"."amount" AS "__pgt_a1"
FROM
  "public"."orders" AS "o",
  "__pgt_changes_16402" AS "c"
WHERE ("c"."id" = "o"."customer_id")
UNION ALL
SELECT
  -("o"."__pgt_w" * "c"."__pgt_w") AS "__pgt_w",
  "o"."customer_id" AS "__pgt_g1",
  "c"."name" AS "__pgt_g2",
  "o"."amount" AS "__pgt_a1"
FROM
  "__pgt_changes_16401" AS "o",
  "__pgt_changes_16402" AS "c"
WHERE ("c"."id" = "o"."customer_id")
),
"__pgt_agg" AS (
SELECT
  hash_record_extended(ROW(x."__pgt_g1", x."__pgt_g2"), 0) AS "__pgt_row_id",
  x."__pgt_g1",
  x."__pgt_g2",
  sum("x"."__pgt_w") AS "__pgt_dcount",
  sum(CASE
    WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_1",
  sum(("x"."__pgt_w" * "x"."__pgt_a1")) AS "__pgt_dsum_1"
FROM "__pgt_delta" AS "x"
GROUP BY
  x."__pgt_g1",
  x."__pgt_g2"
HAVING count(*) > 0
),
"__pgt_s0" AS (
SELECT
  "a"."__pgt_row_id",
  "a"."__pgt_g1",
  "a"."__pgt_g2",
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
  "o"."__pgt_row_id" IS NULL AS "__pgt_rescan"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_r" AS (
SELECT
  hash_record_extended(ROW("o"."customer_id", "c"."name"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("o"."amount") AS "__pgt_nn_1",
  sum("o"."amount") AS "__pgt_sum_1"
FROM
  "public"."orders" AS "o",
  "public"."customers" AS "c"
WHERE (
  ("c"."id" = "o"."customer_id")
  AND ((EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("o"."customer_id") = "f"."__pgt_g1" AND ("c"."name") = "f"."__pgt_g2")))
)
GROUP BY
  "o"."customer_id",
  "c"."name"
UNION ALL
SELECT
  hash_record_extended(ROW("o"."customer_id", "c"."name"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("o"."amount") AS "__pgt_nn_1",
  sum("o"."amount") AS "__pgt_sum_1"
FROM
  "public"."orders" AS "o",
  "public"."customers" AS "c"
WHERE (
  ("c"."id" = "o"."customer_id")
  AND (((("o"."customer_id") IS NULL OR ("c"."name") IS NULL) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL OR "f"."__pgt_g2" IS NULL)) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL OR "f"."__pgt_g2" IS NULL) AND (("o"."customer_id") = "f"."__pgt_g1" OR (("o"."customer_id") IS NULL AND "f"."__pgt_g1" IS NULL)) AND (("c"."name") = "f"."__pgt_g2" OR (("c"."name") IS NULL AND "f"."__pgt_g2" IS NULL)))))
)
GROUP BY
  "o"."customer_id",
  "c"."name"
),
"__pgt_s" AS (
SELECT
  "s"."__pgt_row_id",
  "s"."__pgt_g1",
  "s"."__pgt_g2",
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
  "s"."__pgt_old"
FROM "__pgt_s0" AS "s"
  LEFT OUTER JOIN "__pgt_r" AS "r"
    ON "r"."__pgt_row_id" = "s"."__pgt_row_id"
),
"__pgt_tk" AS MATERIALIZED (
SELECT
  "__pgt_s"."__pgt_g1" AS "customer_id",
  "__pgt_s"."__pgt_sum_1" AS "total",
  "__pgt_s"."__pgt_g2" AS "name",
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
),
"__pgt_ts" AS (
SELECT
  "o"."customer_id",
  "o"."total",
  "o"."name",
  "o"."__pgt_count",
  "o"."__pgt_nn_1",
  "o"."__pgt_sum_1",
  "o"."__pgt_row_id"
FROM "public"."st" AS "o"
WHERE NOT EXISTS (
  SELECT 1 AS "one"
  FROM "__pgt_tk" AS "k"
  WHERE "k"."__pgt_row_id" = "o"."__pgt_row_id"
)
UNION ALL
SELECT
  "k"."customer_id",
  "k"."total",
  "k"."name",
  "k"."__pgt_count",
  "k"."__pgt_nn_1",
  "k"."__pgt_sum_1",
  "k"."__pgt_row_id"
FROM "__pgt_tk" AS "k"
WHERE "k"."__pgt_action" <> 'D'
),
"__pgt_tf" AS (
SELECT (
  ((SELECT count(*) FROM "public"."st") < 10)
  OR NOT EXISTS (
    SELECT 1 AS "one"
    FROM (SELECT "total", "customer_id", "__pgt_row_id", 1 AS "__pgt_flag" FROM "__pgt_ts" UNION ALL SELECT "total", "customer_id", "__pgt_row_id", 2 FROM (SELECT * FROM "public"."st" ORDER BY "total" ASC NULLS LAST, "customer_id" DESC NULLS FIRST, "__pgt_row_id" DESC LIMIT 1) AS "s" ORDER BY "total" DESC NULLS FIRST, "customer_id" ASC NULLS LAST, "__pgt_row_id", "__pgt_flag" LIMIT 10) AS "__pgt_u"
    WHERE "__pgt_u"."__pgt_flag" = 2
  )
) AS "fast"
),
"__pgt_tw" AS (
SELECT
  "a"."customer_id",
  "a"."total",
  "a"."name",
  "a"."__pgt_count",
  "a"."__pgt_nn_1",
  "a"."__pgt_sum_1",
  "a"."__pgt_row_id"
FROM (
  SELECT
    "c"."customer_id",
    "c"."total",
    "c"."name",
    "c"."__pgt_count",
    "c"."__pgt_nn_1",
    "c"."__pgt_sum_1",
    "c"."__pgt_row_id"
  FROM "__pgt_ts" AS "c"
  ORDER BY "total" DESC NULLS FIRST, "customer_id" ASC NULLS LAST, "__pgt_row_id"
  FETCH NEXT 10 ROWS ONLY
) AS "a"
WHERE (
  SELECT "__pgt_tf"."fast"
  FROM "__pgt_tf"
)
UNION ALL
SELECT
  "b"."customer_id",
  "b"."total",
  "b"."name",
  "b"."__pgt_count",
  "b"."__pgt_nn_1",
  "b"."__pgt_sum_1",
  "b"."__pgt_row_id"
FROM (
  SELECT
    "__pgt_q"."customer_id",
    "__pgt_q"."total",
    "__pgt_q"."name",
    "__pgt_q"."__pgt_count",
    "__pgt_q"."__pgt_nn_1",
    "__pgt_q"."__pgt_sum_1",
    "__pgt_q"."__pgt_row_id"
  FROM (
    SELECT
      "o"."customer_id" AS "customer_id",
      sum("o"."amount") AS "total",
      "c"."name" AS "name",
      count(*) AS "__pgt_count",
      count("o"."amount") AS "__pgt_nn_1",
      sum("o"."amount") AS "__pgt_sum_1",
      hash_record_extended(ROW("o"."customer_id", "c"."name"), 0) AS "__pgt_row_id"
    FROM
      "public"."orders" AS "o",
      "public"."customers" AS "c"
    WHERE ("c"."id" = "o"."customer_id")
    GROUP BY
      "o"."customer_id",
      "c"."name"
  ) AS "__pgt_q"
  ORDER BY "total" DESC NULLS FIRST, "customer_id" ASC NULLS LAST, "__pgt_row_id"
  OFFSET 0 ROWS
  FETCH NEXT 10 ROWS ONLY
) AS "b"
WHERE NOT ((
  SELECT "__pgt_tf"."fast"
  FROM "__pgt_tf"
))
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "w"."customer_id",
  "w"."total",
  "w"."name",
  "w"."__pgt_count",
  "w"."__pgt_nn_1",
  "w"."__pgt_sum_1",
  coalesce("w"."__pgt_row_id", "o"."__pgt_row_id") AS "__pgt_row_id",
  CASE
    WHEN "o"."__pgt_row_id" IS NULL THEN 'I'
    WHEN "w"."__pgt_row_id" IS NULL THEN 'D'
    ELSE 'U'
  END AS "__pgt_action"
FROM "__pgt_tw" AS "w"
  FULL OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "w"."__pgt_row_id"
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
  "total" = "d"."total",
  "name" = "d"."name",
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_sum_1" = "d"."__pgt_sum_1"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."customer_id" IS DISTINCT FROM "d"."customer_id"
    OR "t"."total" IS DISTINCT FROM "d"."total"
    OR "t"."name" IS DISTINCT FROM "d"."name"
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
  "total",
  "name",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_sum_1",
  "__pgt_row_id"
)
SELECT
  "d"."customer_id",
  "d"."total",
  "d"."name",
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
