DROP FUNCTION IF EXISTS "pgtrickle_changes"."capture_16401_columns"(regclass);
CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $pgt$
BEGIN
  IF TG_RELID <> '16401' THEN
    RAISE EXCEPTION 'capture function of relation 16401 fired on relation %', TG_RELID USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- the buffer dropped by hand: the write goes on; its readers find the buffer missing and say so
  IF pg_catalog.to_regclass('"pgtrickle_changes"."changes_16401"') IS NULL THEN
    RETURN NULL;
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
