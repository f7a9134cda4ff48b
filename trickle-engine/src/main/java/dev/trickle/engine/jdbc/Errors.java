package dev.trickle.engine.jdbc;

import dev.trickle.DatabaseException;
import dev.trickle.InvalidQueryException;
import dev.trickle.RefreshException;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.UnknownColumnException;
import dev.trickle.UnknownTableException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns server errors into Trickle's exceptions, and classifies them as transient or permanent. SQL-state classes
 * {@code 08} (connection), {@code 40} (serialization failure, deadlock), {@code 53} (insufficient resources),
 * {@code 55P03} (lock not available), {@code 57014} (query canceled) and {@code 57P01} (admin shutdown) are
 * transient: trying again may succeed. Everything else, such as {@code 42} (undefined column, permission denied),
 * is permanent.
 */
public final class Errors {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern COLUMN = Pattern.compile("column (\\S+) does not exist");
    private static final Pattern POSITION = Pattern.compile(";\\s*Position: \\d+");

    private Errors() {}

    /**
     * Maps an error the server raised while checking a defining query.
     *
     * @param query the defining query
     * @param e the server's error
     * @return the exception to throw
     */
    public static TrickleException fromQueryCheck(String query, SQLException e) {
        String state = e.getSQLState();
        // the server's position counts from the start of the statement that wraps the query (CREATE VIEW ... AS),
        // not from the start of the query: it would mislead
        String message = POSITION.matcher(serverMessage(e)).replaceAll("");
        if (SingleStatement.isSeveralStatements(e)) {
            return new InvalidQueryException(query, "invalid defining query: the defining query must be a single"
                    + " statement; PostgreSQL reads several statements in it", e);
        }
        if ("42P01".equals(state) || "3F000".equals(state)) {
            String table = firstQuoted(message);
            return new UnknownTableException(table, "defining query reads relation '" + table
                    + "', which does not exist: " + message, e);
        }
        if ("42501".equals(state)) {
            return database("the engine's role lacks a privilege that the defining query needs", e);
        }
        if ("42703".equals(state)) {
            String column = columnName(message);
            return new UnknownColumnException(column, "defining query references column '" + column
                    + "', which does not exist: " + message, e);
        }
        if (state != null && (state.startsWith("42") || state.startsWith("22") || state.startsWith("0A"))) {
            return new InvalidQueryException(query, "invalid defining query: " + message, e);
        }
        return database("cannot check the defining query", e);
    }

    /**
     * Wraps an error of an operation that is not about the caller's input.
     *
     * @param what what the engine was doing, such as {@code cannot create stream table 'x'}
     * @param e the server's error
     * @return the exception to throw
     */
    public static DatabaseException database(String what, SQLException e) {
        return new DatabaseException(what + ": " + serverMessage(e), e.getSQLState(), isTransient(e.getSQLState()), e);
    }

    /**
     * Wraps an error of a refresh.
     *
     * @param name the stream table
     * @param e the server's error
     * @return the exception to throw
     */
    public static RefreshException refresh(TableName name, SQLException e) {
        return new RefreshException(name, e.getSQLState(), isTransient(e.getSQLState()),
                "refresh of stream table '" + name + "' failed: " + serverMessage(e), e);
    }

    /**
     * Tells whether a failure is a lock wait that ran out: {@code lock_timeout} or {@code NOWAIT} (55P03).
     *
     * @param e the failure
     * @return whether it is
     */
    public static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    /**
     * Tells whether an error with this SQL state may go away on retry.
     *
     * @param sqlState the SQL state, or {@code null} for errors that did not come from the server
     * @return whether the error is transient
     */
    public static boolean isTransient(@Nullable String sqlState) {
        if (sqlState == null) {
            return true;
        }
        return sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("53")
                || sqlState.equals("55P03") || sqlState.equals("57014") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03");
    }

    /**
     * Reads the server's message of a failure.
     *
     * @param e the failure
     * @return the server's message without pgjdbc's "ERROR: " prefix, with its position if it gave one
     */
    public static String serverMessage(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("ERROR: ")) {
            m = m.substring(7);
        }
        return m.replace("\n ", ";").replace('\n', ' ');
    }

    private static String firstQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        return m.find() ? m.group(1) : message;
    }

    private static String columnName(String message) {
        Matcher m = QUOTED.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        Matcher c = COLUMN.matcher(message);
        return c.find() ? c.group(1) : message;
    }
}
