WITH "__pgt_n" AS (
SELECT 1 AS "id", NULL::json AS "doc", 1::bigint AS "__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT "n"."id", "n"."doc", coalesce("n"."__pgt_row_id", "o"."__pgt_row_id") AS "__pgt_row_id", CASE WHEN "o"."__pgt_row_id" IS NULL THEN 'I' WHEN "n"."__pgt_row_id" IS NULL THEN 'D' ELSE 'U' END AS "__pgt_action" FROM "__pgt_n" AS "n" FULL OUTER JOIN "public"."st" AS "o" ON "o"."__pgt_row_id" = "n"."__pgt_row_id" WHERE ("n"."__pgt_row_id" IS NULL OR "o"."__pgt_row_id" IS NULL OR "n"."id" IS DISTINCT FROM "o"."id" OR cast("n"."doc" AS text) IS DISTINCT FROM cast("o"."doc" AS text))
),
"__pgt_del" AS (
DELETE FROM "public"."st" AS "t" USING "__pgt_d" AS "d" WHERE ("d"."__pgt_action" = 'D' AND "t"."__pgt_row_id" = "d"."__pgt_row_id") RETURNING 1
),
"__pgt_upd" AS (
UPDATE "public"."st" AS "t" SET "id" = "d"."id", "doc" = "d"."doc" FROM "__pgt_d" AS "d" WHERE ("d"."__pgt_action" = 'U' AND "t"."__pgt_row_id" = "d"."__pgt_row_id" AND ("t"."id" IS DISTINCT FROM "d"."id" OR cast("t"."doc" AS text) IS DISTINCT FROM cast("d"."doc" AS text))) RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("id", "doc", "__pgt_row_id") SELECT "d"."id", "d"."doc", "d"."__pgt_row_id" FROM "__pgt_d" AS "d" WHERE "d"."__pgt_action" = 'I' RETURNING 1
),
"__pgt_counts" AS (
SELECT (SELECT count(*) FROM "__pgt_ins") AS "inserted", (SELECT count(*) FROM "__pgt_upd") AS "updated", (SELECT count(*) FROM "__pgt_del") AS "deleted"
)
SELECT "inserted", "updated", "deleted" FROM "__pgt_counts"
