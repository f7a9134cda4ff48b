package dev.trickle.engine.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.CachedQuery;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * Makes sure a statement reaches the server as exactly one statement (invariant I6): the guarantee that a defining
 * query spliced into Trickle's statements cannot run a second statement comes from the server, not from Trickle's
 * lexer. A {@link java.sql.PreparedStatement} goes to the server as one Parse message of the extended query
 * protocol per statement the driver sees, and the server refuses a Parse message that holds several statements
 * ({@code cannot insert multiple commands into a prepared statement}, SQL state 42601). The driver splits a text at
 * the semicolons its own lexer sees, so before a text is prepared, {@link #check} asks the driver's parser, with the
 * session's {@code standard_conforming_strings}, whether it sees one statement, and refuses the text otherwise.
 *
 * <p>A connection in the driver's {@code preferQueryMode=simple} sends a prepared statement as one simple Query
 * message, in which the server runs every statement: it is refused.
 */
public final class SingleStatement {
    /** The SQL state of a syntax error, which the server also uses for several statements in one Parse message. */
    public static final String SYNTAX_ERROR = "42601";

    private static final String SEVERAL = "cannot run several statements as one";
    private static final String SERVER_SEVERAL = "cannot insert multiple commands into a prepared statement";

    /** Texts the driver reads as one statement, by {@code standard_conforming_strings}: refreshes repeat theirs. */
    private static final Cache<Key, Boolean> SINGLE = Caffeine.newBuilder()
            .maximumWeight(4_000_000)
            .weigher((Key key, Boolean single) -> key.sql().length())
            .build();

    /** Texts checked by {@link #checkFollowedBy}: one statement, then Trickle's. */
    private static final Cache<Key, Boolean> FOLLOWED = Caffeine.newBuilder()
            .maximumWeight(4_000_000)
            .weigher((Key key, Boolean checked) -> key.sql().length())
            .build();

    private record Key(String sql, boolean standardConformingStrings) {}

    private SingleStatement() {}

    /**
     * Refuses a text that the driver would send as more than one statement, and a connection that would send it as
     * a simple query.
     *
     * @param c the connection that will prepare the text
     * @param sql the text
     * @throws SQLException with SQL state {@value #SYNTAX_ERROR} if the driver reads several statements in it; with
     *     SQL state {@code 0A000} if the connection is not the PostgreSQL driver's or uses
     *     {@code preferQueryMode=simple}
     */
    static void check(Connection c, String sql) throws SQLException {
        BaseConnection pg = driverConnection(c);
        if (pg.getPreferQueryMode() == PreferQueryMode.SIMPLE) {
            throw new SQLException("the connection uses preferQueryMode=simple, in which the server runs every"
                    + " statement a text holds: Trickle needs the extended query protocol; remove"
                    + " preferQueryMode=simple from the data source's URL or properties", "0A000");
        }
        Key key = new Key(sql, pg.getStandardConformingStrings());
        if (SINGLE.getIfPresent(key) != null) {
            return;
        }
        // the driver's own path for prepareStatement(sql): escape processing, then its split at semicolons
        CachedQuery parsed = pg.createQuery(sql, true, true);
        org.postgresql.core.Query[] statements = parsed.query.getSubqueries();
        if (statements != null) {
            throw new SQLException(SEVERAL + ": the JDBC driver reads " + statements.length + " statements in "
                    + abbreviate(sql), SYNTAX_ERROR);
        }
        SINGLE.put(key, Boolean.TRUE);
    }

    /**
     * Refuses a text made of one statement that may contain SQL from a user followed by statements of Trickle's own,
     * unless the driver reads {@code first} as one statement and the whole text as exactly one more statement than
     * {@code then} holds. The driver reads a text from left to right, so when it sees no end of statement inside
     * {@code first}, the pieces it sends are {@code first} and then Trickle's statements: each piece is one statement
     * for the server, and nothing in {@code first} can start a statement of its own.
     *
     * @param c the connection that will prepare the text
     * @param first the statement that may contain SQL from a user
     * @param then Trickle's statements that follow it
     * @param whole {@code first}, a semicolon, then {@code then}
     * @throws SQLException with SQL state {@value #SYNTAX_ERROR} if the driver splits the text otherwise
     */
    static void checkFollowedBy(Connection c, String first, String then, String whole) throws SQLException {
        check(c, first);
        BaseConnection pg = driverConnection(c);
        Key key = new Key(whole, pg.getStandardConformingStrings());
        if (FOLLOWED.getIfPresent(key) != null) {
            return;
        }
        if (count(pg, whole) != 1 + count(pg, then)) {
            throw new SQLException(SEVERAL + ": the JDBC driver does not read " + abbreviate(first)
                    + " as one statement followed by Trickle's", SYNTAX_ERROR);
        }
        FOLLOWED.put(key, Boolean.TRUE);
    }

    private static int count(BaseConnection pg, String sql) throws SQLException {
        org.postgresql.core.Query[] statements = pg.createQuery(sql, true, true).query.getSubqueries();
        return statements == null ? 1 : statements.length;
    }

    /**
     * Tells whether the connection's session reads a backslash in a plain {@code '...'} string as an ordinary
     * character, as the driver last heard from the server.
     *
     * @param c the connection
     * @return the session's {@code standard_conforming_strings}
     * @throws SQLException if the connection is not the PostgreSQL driver's
     */
    public static boolean standardConformingStrings(Connection c) throws SQLException {
        return driverConnection(c).getStandardConformingStrings();
    }

    /**
     * Tells whether an error says that a text holds several statements: refused by {@link #check}, or by the server
     * for a Parse message.
     *
     * @param e the error
     * @return whether it does
     */
    public static boolean isSeveralStatements(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return SYNTAX_ERROR.equals(e.getSQLState())
                && (message.startsWith(SEVERAL) || message.contains(SERVER_SEVERAL));
    }

    private static BaseConnection driverConnection(Connection c) throws SQLException {
        if (!c.isWrapperFor(BaseConnection.class)) {
            throw new SQLException("the connection is not one of the PostgreSQL JDBC driver (org.postgresql), whose"
                    + " extended query protocol Trickle needs: " + c.getClass().getName(), "0A000");
        }
        return c.unwrap(BaseConnection.class);
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
