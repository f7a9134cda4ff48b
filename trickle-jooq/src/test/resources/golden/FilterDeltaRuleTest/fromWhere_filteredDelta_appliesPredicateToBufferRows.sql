SELECT "orders"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "orders" WHERE ("orders"."amount" > 10)
