WITH "__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."amount" FROM "pgtrickle_changes"."changes_16401" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))))
),
"__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."active" FROM "pgtrickle_changes"."changes_16402" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid))))
),
"__pgt_delta" AS (
SELECT hash_record_extended(ROW("o"."id"), 0) AS "__pgt_row_id", "o"."__pgt_w" AS "__pgt_w", "o"."id" AS "id", "o"."amount" AS "amount" FROM "__pgt_changes_16401" AS "o" LEFT OUTER JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "c"."id" AS "__pgt_k1", "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE ("c"."active")) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1" ON ("o"."customer_id" = "__pgt_p1"."__pgt_k1") CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM "public"."customers" AS "c" WHERE (("c"."active") AND ("c"."id" = "o"."customer_id"))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n" WHERE (("__pgt_p1n"."__pgt_n" > coalesce("__pgt_p1"."__pgt_w", 0))) UNION ALL SELECT hash_record_extended(ROW("o"."id"), 0) AS "__pgt_row_id", 1 AS "__pgt_w", "o"."id" AS "id", "o"."amount" AS "amount" FROM "public"."orders" AS "o" JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "c"."id" AS "__pgt_k1", "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE ("c"."active")) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1" ON ("o"."customer_id" = "__pgt_p1"."__pgt_k1") CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM "public"."customers" AS "c" WHERE (("c"."active") AND ("c"."id" = "o"."customer_id"))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n" WHERE ((coalesce("__pgt_p1"."__pgt_w", 0) > 0 AND ("__pgt_p1n"."__pgt_n" - coalesce("__pgt_p1"."__pgt_w", 0)) = 0)) UNION ALL SELECT hash_record_extended(ROW("o"."id"), 0) AS "__pgt_row_id", -(1) AS "__pgt_w", "o"."id" AS "id", "o"."amount" AS "amount" FROM "public"."orders" AS "o" JOIN (SELECT "__pgt_m"."__pgt_k1" AS "__pgt_k1", sum("__pgt_m"."__pgt_w") AS "__pgt_w" FROM (SELECT "c"."id" AS "__pgt_k1", "c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c" WHERE ("c"."active")) AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1") AS "__pgt_p1" ON ("o"."customer_id" = "__pgt_p1"."__pgt_k1") CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM "public"."customers" AS "c" WHERE (("c"."active") AND ("c"."id" = "o"."customer_id"))) AS "__pgt_n" OFFSET 0) AS "__pgt_p1n" WHERE ((NOT "__pgt_p1n"."__pgt_n" AND coalesce("__pgt_p1"."__pgt_w", 0) < 0))
),
"__pgt_net" AS (
SELECT DISTINCT ON ("y"."__pgt_row_id") "y".* FROM (SELECT "x".*, sum("x"."__pgt_w") OVER (PARTITION BY "x"."__pgt_row_id", hashtextextended(ROW(x."id", x."amount")::text, 0)) AS "__pgt_net" FROM "__pgt_delta" AS "x") AS "y" WHERE "y"."__pgt_net" <> 0 ORDER BY "y"."__pgt_row_id", "y"."__pgt_net" DESC
),
"__pgt_d" AS MATERIALIZED (
SELECT "n"."id", "n"."amount", "n"."__pgt_row_id", CASE WHEN "n"."__pgt_net" < 0 THEN 'D' WHEN "o"."__pgt_row_id" IS NULL THEN 'I' ELSE 'U' END AS "__pgt_action" FROM "__pgt_net" AS "n" LEFT OUTER JOIN "public"."st" AS "o" ON "o"."__pgt_row_id" = "n"."__pgt_row_id" WHERE ("n"."__pgt_net" > 0 OR "o"."__pgt_row_id" IS NOT NULL)
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
