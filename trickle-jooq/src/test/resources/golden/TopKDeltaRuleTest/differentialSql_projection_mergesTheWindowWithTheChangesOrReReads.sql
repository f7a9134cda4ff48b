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
  hash_record_extended(ROW("orders"."id"), 0) AS "__pgt_row_id",
  "orders"."__pgt_w" AS "__pgt_w",
  "orders"."id" AS "id",
  "orders"."amount" AS "amount"
FROM "__pgt_changes_16401" AS "orders"
WHERE ("orders"."status" <> 'x')
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
"__pgt_tk" AS MATERIALIZED (
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
),
"__pgt_ts" AS (
SELECT "o"."id", "o"."amount", "o"."__pgt_row_id"
FROM "public"."st" AS "o"
WHERE NOT EXISTS (
  SELECT 1 AS "one"
  FROM "__pgt_tk" AS "k"
  WHERE "k"."__pgt_row_id" = "o"."__pgt_row_id"
)
UNION ALL
SELECT "k"."id", "k"."amount", "k"."__pgt_row_id"
FROM "__pgt_tk" AS "k"
WHERE "k"."__pgt_action" <> 'D'
),
"__pgt_tf" AS (
SELECT (
  ((SELECT count(*) FROM "public"."st") < 5)
  OR NOT EXISTS (
    SELECT 1 AS "one"
    FROM (SELECT "amount", "id", "__pgt_row_id", 1 AS "__pgt_flag" FROM "__pgt_ts" UNION ALL SELECT "amount", "id", "__pgt_row_id", 2 FROM (SELECT * FROM "public"."st" ORDER BY "amount" ASC NULLS FIRST, "id" DESC NULLS FIRST, "__pgt_row_id" DESC LIMIT 1) AS "s" ORDER BY "amount" DESC NULLS LAST, "id" ASC NULLS LAST, "__pgt_row_id", "__pgt_flag" LIMIT 5) AS "__pgt_u"
    WHERE "__pgt_u"."__pgt_flag" = 2
  )
) AS "fast"
),
"__pgt_tw" AS (
SELECT "a"."id", "a"."amount", "a"."__pgt_row_id"
FROM (
  SELECT "c"."id", "c"."amount", "c"."__pgt_row_id"
  FROM "__pgt_ts" AS "c"
  ORDER BY "amount" DESC NULLS LAST, "id" ASC NULLS LAST, "__pgt_row_id"
  FETCH NEXT 5 ROWS ONLY
) AS "a"
WHERE (
  SELECT "__pgt_tf"."fast"
  FROM "__pgt_tf"
)
UNION ALL
SELECT "b"."id", "b"."amount", "b"."__pgt_row_id"
FROM (
  SELECT "__pgt_q"."id", "__pgt_q"."amount", "__pgt_q"."__pgt_row_id"
  FROM (
    SELECT
      "orders"."id" AS "id",
      "orders"."amount" AS "amount",
      hash_record_extended(ROW("orders"."id"), 0) AS "__pgt_row_id"
    FROM "public"."orders" AS "orders"
    WHERE ("orders"."status" <> 'x')
  ) AS "__pgt_q"
  ORDER BY "amount" DESC NULLS LAST, "id" ASC NULLS LAST, "__pgt_row_id"
  OFFSET 0 ROWS
  FETCH NEXT 5 ROWS ONLY
) AS "b"
WHERE NOT ((
  SELECT "__pgt_tf"."fast"
  FROM "__pgt_tf"
))
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "w"."id",
  "w"."amount",
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
