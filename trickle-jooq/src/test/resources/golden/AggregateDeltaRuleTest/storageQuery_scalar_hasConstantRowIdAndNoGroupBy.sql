SELECT count(*) AS "n",
       sum("orders"."amount") AS "s",
       count(*) AS "__pgt_count",
       count("orders"."amount") AS "__pgt_nn_1",
       sum("orders"."amount") AS "__pgt_sum_1",
       0::bigint AS "__pgt_row_id"
  FROM "public"."orders" AS "orders"
