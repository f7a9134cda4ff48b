WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."status" FROM "pgtrickle_changes"."changes_16401" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))))
),
"__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."active" FROM "pgtrickle_changes"."changes_16402" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid))))
),
"__pgt_delta" AS (
SELECT "o"."__pgt_w" AS "__pgt_w", "o"."status" AS "__pgt_g1" FROM "__pgt_changes_16401" AS "o" WHERE (((SELECT count(*) FROM "public"."customers" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) = (SELECT coalesce(sum("__pgt_m"."__pgt_w"), 0) FROM (SELECT "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) AS "__pgt_m"))) UNION ALL SELECT -(1) AS "__pgt_w", "o"."status" AS "__pgt_g1" FROM "public"."orders" AS "o" WHERE (((("o"."customer_id") IN (SELECT "c"."id" AS "__pgt_k1" FROM "__pgt_changes_16402" AS "c" WHERE ("c"."active")) OR "o"."customer_id" IS NULL) AND EXISTS (SELECT 1 FROM "public"."customers" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) AND (SELECT count(*) FROM "public"."customers" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) = (SELECT coalesce(sum("__pgt_m"."__pgt_w"), 0) FROM (SELECT "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) AS "__pgt_m"))) UNION ALL SELECT 1 AS "__pgt_w", "o"."status" AS "__pgt_g1" FROM "public"."orders" AS "o" WHERE (((("o"."customer_id") IN (SELECT "c"."id" AS "__pgt_k1" FROM "__pgt_changes_16402" AS "c" WHERE ("c"."active")) OR "o"."customer_id" IS NULL) AND NOT EXISTS (SELECT 1 FROM "public"."customers" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) AND (SELECT coalesce(sum("__pgt_m"."__pgt_w"), 0) FROM (SELECT "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE (("c"."active") AND (("o"."customer_id" = "c"."id" or "o"."customer_id" is null)))) AS "__pgt_m") < 0))
),
"__pgt_agg" AS (
SELECT hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id", x."__pgt_g1", sum("x"."__pgt_w") AS "__pgt_dcount" FROM "__pgt_delta" AS "x" GROUP BY x."__pgt_g1" HAVING count(*) > 0
),
"__pgt_s" AS (
SELECT "a"."__pgt_row_id", "a"."__pgt_g1", (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count", "o"."__pgt_row_id" AS "__pgt_old" FROM "__pgt_agg" AS "a" LEFT OUTER JOIN "public"."st" AS "o" ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT "__pgt_s"."__pgt_g1" AS "status", "__pgt_s"."__pgt_count" AS "n", "__pgt_s"."__pgt_count", "__pgt_s"."__pgt_row_id", CASE WHEN "__pgt_s"."__pgt_count" = 0 THEN 'D' WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I' ELSE 'U' END AS "__pgt_action" FROM "__pgt_s" WHERE ("__pgt_s"."__pgt_count" > 0 OR "__pgt_s"."__pgt_old" IS NOT NULL)
),
"__pgt_del" AS (
DELETE FROM "public"."st" AS "t" USING "__pgt_d" AS "d" WHERE ("d"."__pgt_action" = 'D' AND "t"."__pgt_row_id" = "d"."__pgt_row_id") RETURNING 1
),
"__pgt_ins" AS (
INSERT INTO "public"."st" ("__pgt_row_id") SELECT "d"."__pgt_row_id" FROM "__pgt_d" AS "d" WHERE "d"."__pgt_action" = 'I' RETURNING 1
),
"__pgt_counts" AS (
SELECT (SELECT count(*) FROM "__pgt_ins") AS "inserted", 0 AS "updated", (SELECT count(*) FROM "__pgt_del") AS "deleted"
)
SELECT "inserted", "updated", "deleted" FROM "__pgt_counts"
