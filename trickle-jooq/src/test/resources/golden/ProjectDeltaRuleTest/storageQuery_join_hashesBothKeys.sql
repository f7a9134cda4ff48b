SELECT "o"."id" AS "id", "c"."name" AS "name", "o"."amount" AS "amount",
       hash_record_extended(ROW("o"."id", "c"."id"), 0) AS "__pgt_row_id"
  FROM "public"."orders" AS "o",
       "public"."customers" AS "c"
 WHERE "c"."id" = "o"."customer_id"
