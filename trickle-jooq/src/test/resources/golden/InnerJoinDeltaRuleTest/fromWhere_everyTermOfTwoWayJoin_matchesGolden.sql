-- weight "o"."__pgt_w"
SELECT "o"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o", "public"."customers" AS "c" WHERE ("c"."id" = "o"."customer_id")

-- weight "c"."__pgt_w"
SELECT "c"."__pgt_w" AS "__pgt_w" FROM "public"."orders" AS "o", "__pgt_changes_16402" AS "c" WHERE ("c"."id" = "o"."customer_id")

-- weight -("o"."__pgt_w" * "c"."__pgt_w")
SELECT -("o"."__pgt_w" * "c"."__pgt_w") AS "__pgt_w" FROM "__pgt_changes_16401" AS "o", "__pgt_changes_16402" AS "c" WHERE ("c"."id" = "o"."customer_id")
