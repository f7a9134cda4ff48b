package dev.trickle.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.InvalidQueryException;
import dev.trickle.TrickleException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@link Errors#fromQueryCheck}: the server's refusal of several statements is the caller's invalid query. */
class ErrorsTest {

    @Test
    void fromQueryCheck_serverRefusesSeveralStatementsInOneParse_throwsInvalidQueryException() {
        // what pgjdbc reports when a Parse message holds several statements
        SQLException server = new SQLException("ERROR: cannot insert multiple commands into a prepared statement",
                "42601");

        TrickleException e = Errors.fromQueryCheck("select 1", server);

        assertThat(e).isInstanceOf(InvalidQueryException.class)
                .hasMessage("invalid defining query: the defining query must be a single statement; PostgreSQL reads"
                        + " several statements in it")
                .hasCause(server);
    }

    @Test
    void fromQueryCheck_otherSyntaxError_keepsTheServersMessage() {
        SQLException server = new SQLException("ERROR: syntax error at or near \"fro\"\n  Position: 10", "42601");

        assertThat(Errors.fromQueryCheck("select 1 fro t", server)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("invalid defining query: syntax error at or near \"fro\"");
    }
}
