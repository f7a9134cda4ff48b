WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."amount"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."name", "b"."region_id"
FROM "pgtrickle_changes"."changes_16402" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "o"."__pgt_w" AS "__pgt_w",
  "c"."region_id" AS "__pgt_g1",
  "o"."amount" AS "__pgt_a1",
  "c"."name" AS "__pgt_a2"
FROM
  "__pgt_changes_16401" AS "o",
  "public"."customers" AS "c"
WHERE ("c"."id" = "o"."customer_id")
UNION ALL
SELECT
  "c"."__pgt_w" AS "__pgt_w",
  "c"."region_id" AS "__pgt_g1",
  "o"."amount" AS "__pgt_a1",
  "c"."name" AS "__pgt_a2"
FROM
  "public"."orders" AS "o",
  "__pgt_changes_16402" AS "c"
WHERE ("c"."id" = "o"."customer_id")
UNION ALL
SELECT
  -("o"."__pgt_w" * "c"."__pgt_w") AS "__pgt_w",
  "c"."region_id" AS "__pgt_g1",
  "o"."amount" AS "__pgt_a1",
  "c"."name" AS "__pgt_a2"
FROM
  "__pgt_changes_16401" AS "o",
  "__pgt_changes_16402" AS "c"
WHERE ("c"."id" = "o"."customer_id")
),
"__pgt_agg" AS (
SELECT
  hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id",
  x."__pgt_g1",
  sum("x"."__pgt_w") AS "__pgt_dcount",
  sum(CASE
    WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_1",
  min("x"."__pgt_a1") FILTER (WHERE "x"."__pgt_w" > 0) AS "__pgt_imin_1",
  min("x"."__pgt_a1") FILTER (WHERE "x"."__pgt_w" < 0) AS "__pgt_dmin_1",
  max("x"."__pgt_a1") FILTER (WHERE "x"."__pgt_w" > 0) AS "__pgt_imax_1",
  max("x"."__pgt_a1") FILTER (WHERE "x"."__pgt_w" < 0) AS "__pgt_dmax_1",
  sum(CASE
    WHEN "x"."__pgt_a2" IS NOT NULL THEN "x"."__pgt_w"
  END) AS "__pgt_dnn_2",
  max("x"."__pgt_a2") FILTER (WHERE "x"."__pgt_w" > 0) AS "__pgt_imax_2",
  max("x"."__pgt_a2") FILTER (WHERE "x"."__pgt_w" < 0) AS "__pgt_dmax_2"
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
  least("o"."__pgt_min_1", "a"."__pgt_imin_1") AS "__pgt_min_1",
  greatest("o"."__pgt_max_1", "a"."__pgt_imax_1") AS "__pgt_max_1",
  (coalesce("o"."__pgt_nn_2", 0) + coalesce("a"."__pgt_dnn_2", 0)) AS "__pgt_nn_2",
  greatest("o"."__pgt_max_2", "a"."__pgt_imax_2") AS "__pgt_max_2",
  "o"."__pgt_row_id" AS "__pgt_old",
  ("a"."__pgt_dmin_1" IS NOT NULL AND (least("o"."__pgt_min_1", "a"."__pgt_imin_1") IS NULL OR "a"."__pgt_dmin_1" <= least("o"."__pgt_min_1", "a"."__pgt_imin_1"))) OR ("a"."__pgt_dmax_1" IS NOT NULL AND (greatest("o"."__pgt_max_1", "a"."__pgt_imax_1") IS NULL OR "a"."__pgt_dmax_1" >= greatest("o"."__pgt_max_1", "a"."__pgt_imax_1"))) OR ("a"."__pgt_dmax_2" IS NOT NULL AND (greatest("o"."__pgt_max_2", "a"."__pgt_imax_2") IS NULL OR "a"."__pgt_dmax_2" >= greatest("o"."__pgt_max_2", "a"."__pgt_imax_2"))) AS "__pgt_rescan"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_r" AS (
SELECT
  hash_record_extended(ROW("c"."region_id"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("o"."amount") AS "__pgt_nn_1",
  min("o"."amount") AS "__pgt_min_1",
  max("o"."amount") AS "__pgt_max_1",
  count("c"."name") AS "__pgt_nn_2",
  max("c"."name") AS "__pgt_max_2"
FROM
  "public"."orders" AS "o",
  "public"."customers" AS "c"
WHERE (
  ("c"."id" = "o"."customer_id")
  AND ((EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("c"."region_id") = "f"."__pgt_g1")))
)
GROUP BY "c"."region_id"
UNION ALL
SELECT
  hash_record_extended(ROW("c"."region_id"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count("o"."amount") AS "__pgt_nn_1",
  min("o"."amount") AS "__pgt_min_1",
  max("o"."amount") AS "__pgt_max_1",
  count("c"."name") AS "__pgt_nn_2",
  max("c"."name") AS "__pgt_max_2"
FROM
  "public"."orders" AS "o",
  "public"."customers" AS "c"
WHERE (
  ("c"."id" = "o"."customer_id")
  AND (((("c"."region_id") IS NULL) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL)) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL) AND (("c"."region_id") = "f"."__pgt_g1" OR (("c"."region_id") IS NULL AND "f"."__pgt_g1" IS NULL)))))
)
GROUP BY "c"."region_id"
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
    WHEN "s"."__pgt_rescan" THEN "r"."__pgt_min_1"
    ELSE "s"."__pgt_min_1"
  END AS "__pgt_min_1",
  CASE
    WHEN "s"."__pgt_rescan" THEN "r"."__pgt_max_1"
    ELSE "s"."__pgt_max_1"
  END AS "__pgt_max_1",
  CASE
    WHEN "s"."__pgt_rescan" THEN coalesce("r"."__pgt_nn_2", 0)
    ELSE "s"."__pgt_nn_2"
  END AS "__pgt_nn_2",
  CASE
    WHEN "s"."__pgt_rescan" THEN "r"."__pgt_max_2"
    ELSE "s"."__pgt_max_2"
  END AS "__pgt_max_2",
  "s"."__pgt_old"
FROM "__pgt_s0" AS "s"
  LEFT OUTER JOIN "__pgt_r" AS "r"
    ON "r"."__pgt_row_id" = "s"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "__pgt_s"."__pgt_g1" AS "region_id",
  "__pgt_s"."__pgt_min_1" AS "lo",
  "__pgt_s"."__pgt_max_1" AS "hi",
  "__pgt_s"."__pgt_max_2" AS "last_name",
  "__pgt_s"."__pgt_count",
  "__pgt_s"."__pgt_nn_1",
  "__pgt_s"."__pgt_min_1",
  "__pgt_s"."__pgt_max_1",
  "__pgt_s"."__pgt_nn_2",
  "__pgt_s"."__pgt_max_2",
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
  "region_id" = "d"."region_id",
  "lo" = "d"."lo",
  "hi" = "d"."hi",
  "last_name" = "d"."last_name",
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_min_1" = "d"."__pgt_min_1",
  "__pgt_max_1" = "d"."__pgt_max_1",
  "__pgt_nn_2" = "d"."__pgt_nn_2",
  "__pgt_max_2" = "d"."__pgt_max_2"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."region_id" IS DISTINCT FROM "d"."region_id"
    OR "t"."lo" IS DISTINCT FROM "d"."lo"
    OR "t"."hi" IS DISTINCT FROM "d"."hi"
    OR "t"."last_name" IS DISTINCT FROM "d"."last_name"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
    OR "t"."__pgt_nn_1" IS DISTINCT FROM "d"."__pgt_nn_1"
    OR "t"."__pgt_min_1" IS DISTINCT FROM "d"."__pgt_min_1"
    OR "t"."__pgt_max_1" IS DISTINCT FROM "d"."__pgt_max_1"
    OR "t"."__pgt_nn_2" IS DISTINCT FROM "d"."__pgt_nn_2"
    OR "t"."__pgt_max_2" IS DISTINCT FROM "d"."__pgt_max_2"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" (
  "region_id",
  "lo",
  "hi",
  "last_name",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_min_1",
  "__pgt_max_1",
  "__pgt_nn_2",
  "__pgt_max_2",
  "__pgt_row_id"
)
SELECT
  "d"."region_id",
  "d"."lo",
  "d"."hi",
  "d"."last_name",
  "d"."__pgt_count",
  "d"."__pgt_nn_1",
  "d"."__pgt_min_1",
  "d"."__pgt_max_1",
  "d"."__pgt_nn_2",
  "d"."__pgt_max_2",
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
