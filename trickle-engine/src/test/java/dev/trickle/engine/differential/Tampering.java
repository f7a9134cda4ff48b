package dev.trickle.engine.differential;

import org.jooq.DSLContext;

/**
 * Writes to a storage table behind Trickle's back, as tests of the oracle need: in a transaction that presents the
 * database's refresh token (which only Trickle's role, here the test's superuser, can read), so the guard trigger
 * lets the write through.
 */
final class Tampering {
    private Tampering() {}

    /**
     * Runs a write on a storage table.
     *
     * @param dsl a context on the database, as a role that can read {@code pgtrickle.pgt_settings}
     * @param sql the write
     */
    static void write(DSLContext dsl, String sql) {
        dsl.transaction(tx -> {
            tx.dsl().execute("SELECT set_config('pgtrickle.refresh_token', value, true) FROM pgtrickle.pgt_settings"
                    + " WHERE name = 'refresh_token'");
            tx.dsl().execute(sql);
        });
    }
}
