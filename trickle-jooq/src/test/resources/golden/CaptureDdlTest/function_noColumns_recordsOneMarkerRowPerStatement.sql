CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $pgt$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (0);
  ELSE
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (1);
  END IF;
  RETURN NULL;
END
$pgt$
