package dev.trickle.testkit;

/**
 * A running PostgreSQL server that tests may create databases on.
 *
 * @param description where the server comes from, for logs ({@code embedded PostgreSQL 18.6}, an URL, ...)
 * @param host the host name
 * @param port the port
 * @param adminDatabase a database to connect to for {@code CREATE DATABASE}
 * @param user the user name (needs {@code CREATEDB})
 * @param password the password, empty if none
 * @param urlParameters extra JDBC URL parameters of the server's own URL, without the leading {@code ?}, or empty
 */
public record PostgresServer(
        String description,
        String host,
        int port,
        String adminDatabase,
        String user,
        String password,
        String urlParameters) {

    /**
     * Returns the JDBC URL of a database on this server.
     *
     * @param database the database name
     * @return the URL
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database
                + (urlParameters.isEmpty() ? "" : "?" + urlParameters);
    }

    /** @return this record, with the password masked */
    @Override
    public String toString() {
        return "PostgresServer[" + description + ", " + host + ":" + port + ", user=" + user + "]";
    }
}
