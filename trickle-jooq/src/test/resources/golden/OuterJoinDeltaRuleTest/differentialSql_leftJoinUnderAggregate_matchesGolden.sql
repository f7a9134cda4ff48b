WITH "__pgt_changes_16402" AS (
SELECT "b"."__pgt_w", "b"."id" FROM "pgtrickle_changes"."changes_16402" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid))))
),
"__pgt_changes_16401" AS (
SELECT "b"."__pgt_w", "b"."id", "b"."customer_id", "b"."amount" FROM "pgtrickle_changes"."changes_16401" AS "b" WHERE ("b"."__pgt_w" <> 0 AND ("b"."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot("b"."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))))
),
"__pgt_delta" AS (
SELECT "c"."__pgt_w" AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "__pgt_changes_16402" AS "c", "public"."orders" AS "o" WHERE ("o"."customer_id" = "c"."id") UNION ALL SELECT "o"."__pgt_w" AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "public"."customers" AS "c", "__pgt_changes_16401" AS "o" WHERE ("o"."customer_id" = "c"."id") UNION ALL SELECT -("c"."__pgt_w" * "o"."__pgt_w") AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "__pgt_changes_16402" AS "c", "__pgt_changes_16401" AS "o" WHERE ("o"."customer_id" = "c"."id") UNION ALL SELECT "c"."__pgt_w" AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "__pgt_changes_16402" AS "c", (SELECT 1) AS "__pgt_pad_o" LEFT OUTER JOIN "public"."orders" AS "o" ON FALSE WHERE (((SELECT count(*) FROM "public"."orders" AS "o" WHERE ("o"."customer_id" = "c"."id")) = (SELECT coalesce(sum("__pgt_m"."__pgt_w"), 0) FROM (SELECT "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o" WHERE ("o"."customer_id" = "c"."id")) AS "__pgt_m"))) UNION ALL SELECT 1 AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "public"."customers" AS "c", (SELECT 1) AS "__pgt_pad_o" LEFT OUTER JOIN "public"."orders" AS "o" ON FALSE WHERE ((("c"."id") IN (SELECT "__pgt_m"."__pgt_k1" FROM (SELECT "o"."customer_id" AS "__pgt_k1", "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o") AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1" HAVING sum("__pgt_m"."__pgt_w") < 0) AND NOT EXISTS (SELECT 1 FROM "public"."orders" AS "o" WHERE ("o"."customer_id" = "c"."id")))) UNION ALL SELECT -(1) AS "__pgt_w", "c"."id" AS "__pgt_g1", "o"."id" AS "__pgt_a1", "o"."amount" AS "__pgt_a2" FROM "public"."customers" AS "c", (SELECT 1) AS "__pgt_pad_o" LEFT OUTER JOIN "public"."orders" AS "o" ON FALSE WHERE ((("c"."id") IN (SELECT "__pgt_m"."__pgt_k1" FROM (SELECT "o"."customer_id" AS "__pgt_k1", "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o") AS "__pgt_m" GROUP BY "__pgt_m"."__pgt_k1" HAVING sum("__pgt_m"."__pgt_w") > 0) AND (SELECT count(*) FROM "public"."orders" AS "o" WHERE ("o"."customer_id" = "c"."id")) = (SELECT coalesce(sum("__pgt_m"."__pgt_w"), 0) FROM (SELECT "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o" WHERE ("o"."customer_id" = "c"."id")) AS "__pgt_m")))
),
"__pgt_agg" AS (
SELECT hash_record_extended(ROW(x."__pgt_g1"), 0) AS "__pgt_row_id", x."__pgt_g1", sum("x"."__pgt_w") AS "__pgt_dcount", sum(CASE WHEN "x"."__pgt_a1" IS NOT NULL THEN "x"."__pgt_w" END) AS "__pgt_dnn_1", sum(CASE WHEN "x"."__pgt_a2" IS NOT NULL THEN "x"."__pgt_w" END) AS "__pgt_dnn_2", sum(("x"."__pgt_w" * "x"."__pgt_a2")) AS "__pgt_dsum_2" FROM "__pgt_delta" AS "x" GROUP BY x."__pgt_g1" HAVING count(*) > 0
),
"__pgt_s" AS (
SELECT "a"."__pgt_row_id", "a"."__pgt_g1", (coalesce("o"."__pgt_count", 0) + "a"."__pgt_dcount") AS "__pgt_count", (coalesce("o"."__pgt_nn_1", 0) + coalesce("a"."__pgt_dnn_1", 0)) AS "__pgt_nn_1", (coalesce("o"."__pgt_nn_2", 0) + coalesce("a"."__pgt_dnn_2", 0)) AS "__pgt_nn_2", CASE WHEN (coalesce("o"."__pgt_nn_2", 0) + coalesce("a"."__pgt_dnn_2", 0)) <> 0 THEN coalesce(("o"."__pgt_sum_2" + "a"."__pgt_dsum_2"), "o"."__pgt_sum_2", "a"."__pgt_dsum_2") END AS "__pgt_sum_2", "o"."__pgt_row_id" AS "__pgt_old" FROM "__pgt_agg" AS "a" LEFT OUTER JOIN "public"."st" AS "o" ON "o"."__pgt_row_id" = "a"."__pgt_row_id"
),
"__pgt_d" AS MATERIALIZED (
SELECT "__pgt_s"."__pgt_g1" AS "id", "__pgt_s"."__pgt_nn_1" AS "n", "__pgt_s"."__pgt_sum_2" AS "total", "__pgt_s"."__pgt_count", "__pgt_s"."__pgt_nn_1", "__pgt_s"."__pgt_nn_2", "__pgt_s"."__pgt_sum_2", "__pgt_s"."__pgt_row_id", CASE WHEN "__pgt_s"."__pgt_count" = 0 THEN 'D' WHEN "__pgt_s"."__pgt_old" IS NULL THEN 'I' ELSE 'U' END AS "__pgt_action" FROM "__pgt_s" WHERE ("__pgt_s"."__pgt_count" > 0 OR "__pgt_s"."__pgt_old" IS NOT NULL)
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
