CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $pgt$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT 1, n."id", n."amount" FROM "__pgt_new" n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT -1, o."id", o."amount" FROM "__pgt_old" o UNION ALL SELECT 1, n."id", n."amount" FROM "__pgt_new" n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT -1, o."id", o."amount" FROM "__pgt_old" o;
  ELSE
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (0);
  END IF;
  RETURN NULL;
END
$pgt$
