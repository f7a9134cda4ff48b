SELECT "c"."region_id" AS "region_id",
       count(*) AS "orders",
       count("o"."amount") AS "priced",
       sum("o"."amount") AS "total",
       avg("o"."amount") AS "mean",
       (coalesce(sum("o"."amount"), 0) + 1) AS "total_plus_one",
       count(*) AS "__pgt_count",
       count("o"."amount") AS "__pgt_nn_1",
       sum("o"."amount") AS "__pgt_sum_1",
       hash_record_extended(ROW("c"."region_id"), 0) AS "__pgt_row_id"
  FROM "public"."orders" AS "o",
       "public"."customers" AS "c"
 WHERE "c"."id" = "o"."customer_id"
 GROUP BY "c"."region_id"
