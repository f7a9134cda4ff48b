CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401_columns"(source regclass) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $pgt$
BEGIN
  IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
    RETURN NULL;
  END IF;
  RETURN (SELECT count(*) FROM pg_catalog.pg_attribute
      WHERE attrelid = source AND attnum BETWEEN 1 AND 3
        AND (attnum, attname, atttypid, atttypmod) IN (
          (1, 'id', '23', -1),
          (3, 'amount', '1700', 786438))) = 2;
END
$pgt$;
REVOKE ALL ON FUNCTION "pgtrickle_changes"."capture_16401_columns"(regclass) FROM PUBLIC;
CREATE OR REPLACE FUNCTION "pgtrickle_changes"."capture_16401"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $pgt$
DECLARE
  unchanged boolean;
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
    RETURN NULL;
  END IF;
  -- whether the captured columns are as they were when this function was written: planned
  -- once, and again after each change to the source; null outside READ COMMITTED, where this
  -- statement reads the catalog itself
  unchanged := "pgtrickle_changes"."capture_16401_columns"('16401'::regclass);
  IF unchanged IS NULL THEN
    unchanged := (SELECT count(*) FROM pg_catalog.pg_attribute
      WHERE attrelid = '16401' AND attnum BETWEEN 1 AND 3
        AND (attnum, attname, atttypid, atttypmod) IN (
          (1, 'id', '23', -1),
          (3, 'amount', '1700', 786438))) = 2;
  END IF;
  -- a captured column dropped, renamed or retyped: record only that the table changed
  IF NOT unchanged THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w") VALUES (0);
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT 1, n."id", n."amount" FROM "__pgt_new" n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_xid", "__pgt_w", "id", "amount") SELECT pg_catalog.pg_current_xact_id(), -1::smallint, o."id", o."amount" FROM "__pgt_old" o UNION ALL SELECT pg_catalog.pg_current_xact_id(), 1::smallint, n."id", n."amount" FROM "__pgt_new" n;
  ELSE
    INSERT INTO "pgtrickle_changes"."changes_16401" ("__pgt_w", "id", "amount") SELECT -1, o."id", o."amount" FROM "__pgt_old" o;
  END IF;
  RETURN NULL;
END
$pgt$;
REVOKE ALL ON FUNCTION "pgtrickle_changes"."capture_16401"() FROM PUBLIC
