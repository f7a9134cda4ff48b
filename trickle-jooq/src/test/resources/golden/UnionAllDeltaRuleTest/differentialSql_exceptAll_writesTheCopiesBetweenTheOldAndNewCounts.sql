WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."active"
FROM "pgtrickle_changes"."changes_16402" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1",
  case when "__pgt_u"."__pgt_branch" = 1 then 1 end AS "__pgt_a1",
  case when "__pgt_u"."__pgt_branch" = 2 then 1 end AS "__pgt_a2"
FROM (
  SELECT
    CAST("orders"."customer_id" AS integer) AS "__pgt_c1",
    1 AS "__pgt_branch",
    "orders"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16401" AS "orders"
) AS "__pgt_u"
UNION ALL
SELECT
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "__pgt_g1",
  case when "__pgt_u"."__pgt_branch" = 1 then 1 end AS "__pgt_a1",
  case when "__pgt_u"."__pgt_branch" = 2 then 1 end AS "__pgt_a2"
FROM (
  SELECT
    CAST("customers"."id" AS integer) AS "__pgt_c1",
    2 AS "__pgt_branch",
    "customers"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16402" AS "customers"
  WHERE ("customers"."active")
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
  END) AS "__pgt_dnn_2"
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
  (coalesce("o"."__pgt_nn_2", 0) + coalesce("a"."__pgt_dnn_2", 0)) AS "__pgt_nn_2",
  "o"."__pgt_row_id" AS "__pgt_old",
  (greatest((coalesce("o"."__pgt_nn_1", 0) - coalesce("o"."__pgt_nn_2", 0)), 0))::bigint AS "__pgt_m_old",
  "o"."__pgt_row_id" IS NULL AS "__pgt_rescan"
FROM "__pgt_agg" AS "a"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_r" AS (
SELECT
  hash_record_extended(ROW("__pgt_u"."__pgt_c1"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count(case when "__pgt_u"."__pgt_branch" = 1 then 1 end) AS "__pgt_nn_1",
  count(case when "__pgt_u"."__pgt_branch" = 2 then 1 end) AS "__pgt_nn_2"
FROM (
  SELECT
    CAST("orders"."customer_id" AS integer) AS "__pgt_c1",
    1 AS "__pgt_branch"
  FROM "public"."orders" AS "orders"
  UNION ALL
  SELECT
    CAST("customers"."id" AS integer) AS "__pgt_c1",
    2 AS "__pgt_branch"
  FROM "public"."customers" AS "customers"
  WHERE ("customers"."active")
) AS "__pgt_u"
WHERE ((EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("__pgt_u"."__pgt_c1") = "f"."__pgt_g1")))
GROUP BY "__pgt_u"."__pgt_c1"
UNION ALL
SELECT
  hash_record_extended(ROW("__pgt_u"."__pgt_c1"), 0) AS "__pgt_row_id",
  count(*) AS "__pgt_count",
  count(case when "__pgt_u"."__pgt_branch" = 1 then 1 end) AS "__pgt_nn_1",
  count(case when "__pgt_u"."__pgt_branch" = 2 then 1 end) AS "__pgt_nn_2"
FROM (
  SELECT
    CAST("orders"."customer_id" AS integer) AS "__pgt_c1",
    1 AS "__pgt_branch"
  FROM "public"."orders" AS "orders"
  UNION ALL
  SELECT
    CAST("customers"."id" AS integer) AS "__pgt_c1",
    2 AS "__pgt_branch"
  FROM "public"."customers" AS "customers"
  WHERE ("customers"."active")
) AS "__pgt_u"
WHERE (((("__pgt_u"."__pgt_c1") IS NULL) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL)) AND EXISTS (SELECT 1 FROM "__pgt_s0" AS "f" WHERE "f"."__pgt_rescan" AND ("f"."__pgt_g1" IS NULL) AND (("__pgt_u"."__pgt_c1") = "f"."__pgt_g1" OR (("__pgt_u"."__pgt_c1") IS NULL AND "f"."__pgt_g1" IS NULL)))))
GROUP BY "__pgt_u"."__pgt_c1"
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
    WHEN "s"."__pgt_rescan" THEN coalesce("r"."__pgt_nn_2", 0)
    ELSE "s"."__pgt_nn_2"
  END AS "__pgt_nn_2",
  "s"."__pgt_old",
  "s"."__pgt_m_old"
FROM "__pgt_s0" AS "s"
  LEFT OUTER JOIN "__pgt_r" AS "r"
    ON "r"."__pgt_row_id" = "s"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "c"."customer_id",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_count" END AS "__pgt_count",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_nn_1" END AS "__pgt_nn_1",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_nn_2" END AS "__pgt_nn_2",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_row_id" ELSE hashint8extended("__pgt_j"."__pgt_j", "c"."__pgt_row_id") END AS "__pgt_row_id",
  CASE WHEN "__pgt_j"."__pgt_j" = 1 THEN "c"."__pgt_action" WHEN "__pgt_j"."__pgt_j" > "c"."__pgt_m" THEN 'D' ELSE 'I' END AS "__pgt_action"
FROM (
  SELECT
    "__pgt_s"."__pgt_g1" AS "customer_id",
    "__pgt_s"."__pgt_count",
    "__pgt_s"."__pgt_nn_1",
    "__pgt_s"."__pgt_nn_2",
    "__pgt_s"."__pgt_row_id",
    CASE
      WHEN NOT (
        "__pgt_s"."__pgt_count" > 0
        AND (coalesce((greatest(("__pgt_s"."__pgt_nn_1" - "__pgt_s"."__pgt_nn_2"), 0) > 0), false))
      ) THEN 'D'
      WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I'
      ELSE 'U'
    END AS "__pgt_action",
    (greatest(("__pgt_s"."__pgt_nn_1" - "__pgt_s"."__pgt_nn_2"), 0))::bigint AS "__pgt_m",
    "__pgt_s"."__pgt_m_old"
  FROM "__pgt_s"
  WHERE (
    (
      "__pgt_s"."__pgt_count" > 0
      AND (coalesce((greatest(("__pgt_s"."__pgt_nn_1" - "__pgt_s"."__pgt_nn_2"), 0) > 0), false))
    )
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
  "customer_id" = "d"."customer_id",
  "__pgt_count" = "d"."__pgt_count",
  "__pgt_nn_1" = "d"."__pgt_nn_1",
  "__pgt_nn_2" = "d"."__pgt_nn_2"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."customer_id" IS DISTINCT FROM "d"."customer_id"
    OR "t"."__pgt_count" IS DISTINCT FROM "d"."__pgt_count"
    OR "t"."__pgt_nn_1" IS DISTINCT FROM "d"."__pgt_nn_1"
    OR "t"."__pgt_nn_2" IS DISTINCT FROM "d"."__pgt_nn_2"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" (
  "customer_id",
  "__pgt_count",
  "__pgt_nn_1",
  "__pgt_nn_2",
  "__pgt_row_id"
)
SELECT
  "d"."customer_id",
  "d"."__pgt_count",
  "d"."__pgt_nn_1",
  "d"."__pgt_nn_2",
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
