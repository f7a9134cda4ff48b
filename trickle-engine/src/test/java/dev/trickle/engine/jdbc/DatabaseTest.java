package dev.trickle.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.DatabaseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** How {@link Database} words a failure: the innermost cause of a pool's timeout names the reason. */
class DatabaseTest {

    @Test
    void failure_poolTimeoutWithRecordedCause_endsWithCauseAndTakesItsState() {
        SQLException refused = new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");
        SQLException timeout = new SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 30000ms", null, new RuntimeException(
                        "wrapped", refused));

        DatabaseException e = Database.failure("cannot list stream tables", timeout);

        assertThat(e).hasMessage("cannot list stream tables: pool - Connection is not available, request timed out"
                + " after 30000ms: FATAL: password authentication failed for user \"app\"");
        assertThat(e.sqlState()).isEqualTo("28P01");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getCause()).isSameAs(timeout);
    }

    @Test
    void failure_poolTimeoutWithoutCause_isTransientWithoutState() {
        SQLException timeout = new SQLTransientConnectionException("pool - Connection is not available");

        DatabaseException e = Database.failure("cannot refresh", timeout);

        assertThat(e).hasMessage("cannot refresh: pool - Connection is not available");
        assertThat(e.sqlState()).isNull();
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void failure_causeWithoutState_keepsTheOuterState() {
        SQLException outer = new SQLException("cannot connect", "08001", new SQLException("no route to host"));

        DatabaseException e = Database.failure("cannot start", outer);

        assertThat(e).hasMessage("cannot start: cannot connect: no route to host");
        assertThat(e.sqlState()).isEqualTo("08001");
        assertThat(e.isTransient()).isTrue();
    }
}
