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
  -- a TRUNCATE, or a captured column dropped, renamed or retyped since this function was written:
  -- record only that the table changed
  IF TG_OP = 'TRUNCATE' OR (SELECT count(*) FROM pg_catalog.pg_attribute
      WHERE attrelid = '16401' AND attnum BETWEEN 1 AND 3
        AND (attnum, attname, atttypid, atttypmod) IN (
          (1, 'id', '23', -1),
          (3, 'amount', '1700', 786438))) <> 2 THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (0);
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT 1, n."id", n."amount" FROM "__pgt_new" n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT -1, o."id", o."amount" FROM "__pgt_old" o UNION ALL SELECT 1, n."id", n."amount" FROM "__pgt_new" n;
  ELSE
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT -1, o."id", o."amount" FROM "__pgt_old" o;
  END IF;
  RETURN NULL;
END
$pgt$;
REVOKE ALL ON FUNCTION "pgtrickle_changes"."capture_16401"() FROM PUBLIC
