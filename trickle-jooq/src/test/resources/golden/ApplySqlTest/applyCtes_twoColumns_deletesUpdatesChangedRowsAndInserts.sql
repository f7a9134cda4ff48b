"__pgt_del" AS (DELETE FROM "public"."st" t USING "__pgt_d" d WHERE d."__pgt_action" = 'D' AND t."__pgt_row_id" = d."__pgt_row_id" RETURNING 1),
"__pgt_upd" AS (UPDATE "public"."st" t SET "id" = d."id", "doc" = d."doc" FROM "__pgt_d" d WHERE d."__pgt_action" = 'U' AND t."__pgt_row_id" = d."__pgt_row_id"
   AND (t."id" IS DISTINCT FROM d."id" OR t."doc"::text IS DISTINCT FROM d."doc"::text) RETURNING 1),
"__pgt_ins" AS (INSERT INTO "public"."st" ("id", "doc", "__pgt_row_id") SELECT d."id", d."doc", d."__pgt_row_id" FROM "__pgt_d" d WHERE d."__pgt_action" = 'I' RETURNING 1),
"__pgt_counts" AS (SELECT (SELECT count(*) FROM "__pgt_ins") AS inserted, (SELECT count(*) FROM "__pgt_upd") AS updated, (SELECT count(*) FROM "__pgt_del") AS deleted)
SELECT inserted, updated, deleted FROM "__pgt_counts"
