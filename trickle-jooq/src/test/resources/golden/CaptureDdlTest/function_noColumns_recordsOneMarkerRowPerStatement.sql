CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $pgt$
BEGIN
  IF TG_RELID <> '16401' THEN
    RAISE EXCEPTION 'capture function of relation 16401 fired on relation %', TG_RELID USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (0);
  ELSE
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (1);
  END IF;
  RETURN NULL;
END
$pgt$;
REVOKE ALL ON FUNCTION "pgtrickle_changes"."capture_16401"() FROM PUBLIC
