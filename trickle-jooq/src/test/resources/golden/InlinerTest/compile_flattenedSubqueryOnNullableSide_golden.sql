WITH "__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."name"
FROM "pgtrickle_changes"."changes_16402" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 1 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 1 AND f.source_relid = 16402::oid)))
)
),
"__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."amount"
FROM "pgtrickle_changes"."changes_16401" AS "b"
WHERE (
  "b"."__pgt_w" <> 0
  AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 1 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 1 AND f.source_relid = 16401::oid)))
)
),
"__pgt_delta" AS (
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  "c"."__pgt_w" AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM
  "__pgt_changes_16402" AS "c",
  "public"."orders" AS "o"
WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))
UNION ALL
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  "o"."__pgt_w" AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM
  "public"."customers" AS "c",
  "__pgt_changes_16401" AS "o"
WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))
UNION ALL
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  -("c"."__pgt_w" * "o"."__pgt_w") AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM
  "__pgt_changes_16402" AS "c",
  "__pgt_changes_16401" AS "o"
WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))
UNION ALL
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  "c"."__pgt_w" AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM "__pgt_changes_16402" AS "c"
  CROSS JOIN (
    (
      SELECT 1
    ) AS "__pgt_pad_o"
      LEFT OUTER JOIN "public"."orders" AS "o"
        ON FALSE
  )
  LEFT OUTER JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "o"."customer_id" AS "__pgt_k1", "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o" WHERE ("o"."amount" > 5)) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1"
    ON ("c"."id" = "__pgt_p1"."__pgt_k1")
  CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM "public"."orders" AS "o" WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n"
WHERE ((("__pgt_p1n"."__pgt_n" - coalesce("__pgt_p1"."__pgt_w", 0)) = 0))
UNION ALL
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  1 AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM "public"."customers" AS "c"
  CROSS JOIN (
    (
      SELECT 1
    ) AS "__pgt_pad_o"
      LEFT OUTER JOIN "public"."orders" AS "o"
        ON FALSE
  )
  JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "o"."customer_id" AS "__pgt_k1", "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o" WHERE ("o"."amount" > 5)) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1"
    ON ("c"."id" = "__pgt_p1"."__pgt_k1")
  CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM "public"."orders" AS "o" WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n"
WHERE ((NOT "__pgt_p1n"."__pgt_n" AND coalesce("__pgt_p1"."__pgt_w", 0) < 0))
UNION ALL
SELECT
  hash_record_extended(ROW("c"."id", "o"."id"), 0) AS "__pgt_row_id",
  -(1) AS "__pgt_w",
  "c"."name" AS "name",
  "o"."amount" AS "amount"
FROM "public"."customers" AS "c"
  CROSS JOIN (
    (
      SELECT 1
    ) AS "__pgt_pad_o"
      LEFT OUTER JOIN "public"."orders" AS "o"
        ON FALSE
  )
  JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "o"."customer_id" AS "__pgt_k1", "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o" WHERE ("o"."amount" > 5)) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1"
    ON ("c"."id" = "__pgt_p1"."__pgt_k1")
  CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM "public"."orders" AS "o" WHERE (("o"."customer_id" = "c"."id" and "o"."amount" > 5))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n"
WHERE ((coalesce("__pgt_p1"."__pgt_w", 0) > 0 AND ("__pgt_p1n"."__pgt_n" - coalesce("__pgt_p1"."__pgt_w", 0)) = 0))
),
"__pgt_net" AS (
SELECT DISTINCT ON ("y"."__pgt_row_id") "y".*
FROM (
  SELECT
    "x".*,
    sum("x"."__pgt_w") OVER (
      PARTITION BY
        "x"."__pgt_row_id",
        hashtextextended(ROW(x."name", x."amount")::text, 0)
    ) AS "__pgt_net"
  FROM "__pgt_delta" AS "x"
) AS "y"
WHERE "y"."__pgt_net" <> 0
ORDER BY "y"."__pgt_row_id", "y"."__pgt_net" DESC
),
"__pgt_d" AS MATERIALIZED (
SELECT
  "n"."name",
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
  "name" = "d"."name",
  "amount" = "d"."amount"
FROM "__pgt_d" AS "d"
WHERE (
  "d"."__pgt_action" = 'U'
  AND "t"."__pgt_row_id" = "d"."__pgt_row_id"
  AND (
    "t"."name" IS DISTINCT FROM "d"."name"
    OR "t"."amount" IS DISTINCT FROM "d"."amount"
  )
)
RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("name", "amount", "__pgt_row_id")
SELECT "d"."name", "d"."amount", "d"."__pgt_row_id"
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
