CREATE OR REPLACE TRIGGER "__pgt_capture_ins" AFTER INSERT ON "public"."orders" REFERENCING NEW TABLE AS "__pgt_new" FOR EACH STATEMENT EXECUTE FUNCTION "pgtrickle_changes"."capture_16401"();
CREATE OR REPLACE TRIGGER "__pgt_capture_upd" AFTER UPDATE ON "public"."orders" REFERENCING OLD TABLE AS "__pgt_old" NEW TABLE AS "__pgt_new" FOR EACH STATEMENT EXECUTE FUNCTION "pgtrickle_changes"."capture_16401"();
CREATE OR REPLACE TRIGGER "__pgt_capture_del" AFTER DELETE ON "public"."orders" REFERENCING OLD TABLE AS "__pgt_old" FOR EACH STATEMENT EXECUTE FUNCTION "pgtrickle_changes"."capture_16401"();
CREATE OR REPLACE TRIGGER "__pgt_capture_trunc" AFTER TRUNCATE ON "public"."orders" FOR EACH STATEMENT EXECUTE FUNCTION "pgtrickle_changes"."capture_16401"()
