SELECT "orders"."id" AS "id", "orders"."amount" AS "amount", hash_record_extended(ROW("orders"."id"), 0) AS "__pgt_row_id" FROM "public"."orders" AS "orders" WHERE ("orders"."amount" > 10)
