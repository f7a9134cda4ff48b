-- weight "o"."__pgt_w"
  FROM (SELECT b."__pgt_w", b."id", b."customer_id" FROM "pgtrickle_changes"."changes_16401" b WHERE b."__pgt_w" <> 0 AND b."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot(b."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))) AS "o",
       "public"."customers" AS "c"
 WHERE "c"."id" = "o"."customer_id"

-- weight "c"."__pgt_w"
  FROM "public"."orders" AS "o",
       (SELECT b."__pgt_w", b."id", b."name" FROM "pgtrickle_changes"."changes_16402" b WHERE b."__pgt_w" <> 0 AND b."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot(b."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid))) AS "c"
 WHERE "c"."id" = "o"."customer_id"

-- weight -("o"."__pgt_w" * "c"."__pgt_w")
  FROM (SELECT b."__pgt_w", b."id", b."customer_id" FROM "pgtrickle_changes"."changes_16401" b WHERE b."__pgt_w" <> 0 AND b."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid)) AND NOT pg_visible_in_snapshot(b."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))) AS "o",
       (SELECT b."__pgt_w", b."id", b."name" FROM "pgtrickle_changes"."changes_16402" b WHERE b."__pgt_w" <> 0 AND b."__pgt_xid" >= pg_snapshot_xmin((SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid)) AND NOT pg_visible_in_snapshot(b."__pgt_xid", (SELECT f.frontier FROM pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16402::oid))) AS "c"
 WHERE "c"."id" = "o"."customer_id"
