package dev.trickle.engine.jdbc;

import dev.trickle.InvalidNameException;
import dev.trickle.TableName;
import java.sql.Connection;
import java.sql.SQLException;

/** Qualifies names the way PostgreSQL does for {@code CREATE TABLE}: an unqualified name goes to current_schema(). */
public final class Names {
    private Names() {}

    /**
     * Qualifies a name with the connection's current schema if it has none.
     *
     * @param c the connection
     * @param name the name
     * @return the qualified name
     * @throws SQLException if the server fails
     * @throws InvalidNameException if the name is unqualified and the search path names no existing schema
     */
    public static TableName qualify(Connection c, TableName name) throws SQLException {
        if (name.isQualified()) {
            return name;
        }
        String schema = Jdbc.queryOne(c, "SELECT current_schema()", rs -> rs.getString(1)).orElse(null);
        if (schema == null) {
            throw new InvalidNameException(name.toString(), "cannot place '" + name
                    + "': the search_path names no existing schema; qualify the name with a schema");
        }
        return name.withSchema(schema);
    }
}
