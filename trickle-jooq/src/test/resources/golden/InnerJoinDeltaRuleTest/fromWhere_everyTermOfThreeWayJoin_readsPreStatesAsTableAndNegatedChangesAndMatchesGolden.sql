-- weight "o"."__pgt_w" * "c"."__pgt_w" * "r"."__pgt_w"
SELECT "o"."__pgt_w" * "c"."__pgt_w" * "r"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16401" AS "o", (SELECT "c"."id", "c"."region_id", CAST(1 AS smallint) AS "__pgt_w" FROM "public"."customers" AS "c" UNION ALL SELECT "c"."id", "c"."region_id", -"c"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16402" AS "c") AS "c", (SELECT "r"."id", "r"."name", CAST(1 AS smallint) AS "__pgt_w" FROM "sales"."regions" AS "r" UNION ALL SELECT "r"."id", "r"."name", -"r"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16405" AS "r") AS "r" WHERE (("c"."id" = "o"."customer_id") AND ("r"."id" = "c"."region_id"))

-- weight "c"."__pgt_w" * "r"."__pgt_w"
SELECT "c"."__pgt_w" * "r"."__pgt_w" AS "__pgt_w" FROM "public"."orders" AS "o", "__pgt_changes_16402" AS "c", (SELECT "r"."id", "r"."name", CAST(1 AS smallint) AS "__pgt_w" FROM "sales"."regions" AS "r" UNION ALL SELECT "r"."id", "r"."name", -"r"."__pgt_w" AS "__pgt_w" FROM "__pgt_changes_16405" AS "r") AS "r" WHERE (("c"."id" = "o"."customer_id") AND ("r"."id" = "c"."region_id"))

-- weight "r"."__pgt_w"
SELECT "r"."__pgt_w" AS "__pgt_w" FROM "public"."orders" AS "o", "public"."customers" AS "c", "__pgt_changes_16405" AS "r" WHERE (("c"."id" = "o"."customer_id") AND ("r"."id" = "c"."region_id"))
