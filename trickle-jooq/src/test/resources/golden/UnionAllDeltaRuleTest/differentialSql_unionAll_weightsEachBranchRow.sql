WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."amount", "b"."status"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)))
)
),
"__pgt_delta" AS (
SELECT
  "__pgt_u"."__pgt_bid" AS "__pgt_row_id",
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "id",
  "__pgt_u"."__pgt_c2" AS "amount"
FROM (
  SELECT
    CAST("orders"."id" AS integer) AS "__pgt_c1",
    CAST("orders"."amount" AS numeric(12,2)) AS "__pgt_c2",
    1 AS "__pgt_branch",
    hash_record_extended(ROW(1, hash_record_extended(ROW("orders"."id"), 0)), 0) AS "__pgt_bid",
    "orders"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16401" AS "orders"
  WHERE ("orders"."amount" > 10)
) AS "__pgt_u"
UNION ALL
SELECT
  "__pgt_u"."__pgt_bid" AS "__pgt_row_id",
  "__pgt_u"."__pgt_w" AS "__pgt_w",
  "__pgt_u"."__pgt_c1" AS "id",
  "__pgt_u"."__pgt_c2" AS "amount"
FROM (
  SELECT
    CAST("orders"."id" AS integer) AS "__pgt_c1",
    CAST("orders"."amount" AS numeric(12,2)) AS "__pgt_c2",
    2 AS "__pgt_branch",
    hash_record_extended(ROW(2, hash_record_extended(ROW("orders"."id"), 0)), 0) AS "__pgt_bid",
    "orders"."__pgt_w" AS "__pgt_w"
  FROM "__pgt_changes_16401" AS "orders"
  WHERE ("orders"."status" = 'x')
) AS "__pgt_u"
),
"__pgt_net" AS (
SELECT DISTINCT ON ("y"."__pgt_row_id") "y".*
FROM (
  SELECT
    "x".*,
    sum("x"."__pgt_w") OVER (
      PARTITION BY
        "x"."__pgt_row_id",
        hashtextextended(ROW(x."id", x."amount")::text, 0)
    ) AS "__pgt_net"
  FROM "__pgt_delta" AS "x"
) AS "y"
WHERE "y"."__pgt_net" <> 0
ORDER BY "y"."__pgt_row_id", "y"."__pgt_net" DESC
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "n"."id",
  "n"."amount",
  "n"."__pgt_row_id",
  CASE
    WHEN "n"."__pgt_net" < 0 THEN 'D'
    WHEN "o"."__pgt_row_id" IS NULL THEN 'I'
    ELSE 'U'
  END AS "__pgt_action"
FROM "__pgt_net" AS "n"
  LEFT OUTER JOIN "public"."st" AS "o"
    ON "o"."__pgt_row_id" = "n"."__pgt_row_id"
WHERE (
  "n"."__pgt_net" > 0
  OR "o"."__pgt_row_id" IS NOT NULL
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
  "id" = "d"."id",
  "amount" = "d"."amount"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."id" IS DISTINCT FROM "d"."id"
    OR "t"."amount" IS DISTINCT FROM "d"."amount"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("id", "amount", "__pgt_row_id")
SELECT "d"."id", "d"."amount", "d"."__pgt_row_id"
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
