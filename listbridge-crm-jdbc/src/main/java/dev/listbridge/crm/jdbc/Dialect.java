package dev.listbridge.crm.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What differs between the databases a CRM may live in. The SQL text Listbridge generates does not
 * (change capture's DDL aside). Public for the change capture package of this module, not an API.
 */
public enum Dialect {
    POSTGRESQL, MARIADB, SQLSERVER, H2, OTHER;

    private static final Pattern REGION_ID = Pattern.compile("[A-Za-z0-9/_+-]+");

    /** The database a JDBC URL points at; {@link #OTHER} for any other. */
    public static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        } else if (url.startsWith("jdbc:sqlserver:")) {
            return SQLSERVER;
        } else if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        return OTHER;
    }

    /**
     * Prepares a connection for streaming a large result. PostgreSQL only honours the fetch size
     * inside a transaction; MariaDB's driver streams whenever a fetch size is set; SQL Server's
     * driver buffers adaptively by default.
     *
     * @return whether a transaction was opened that the caller ends
     */
    boolean prepareForStreaming(Connection connection) throws SQLException {
        if (this == POSTGRESQL && connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            return true;
        }
        return false;
    }

    /**
     * The statement that sets a new connection's session time zone to the CRM's, so that a
     * timestamp bound without zone means the same instant for TIMESTAMP WITH TIME ZONE columns;
     * null where the database has no such setting by zone name (MariaDB without its zone tables,
     * SQL Server).
     */
    String sessionTimeZoneSql(ZoneId zone) {
        if (this != POSTGRESQL && this != H2) {
            return null;
        }
        ZoneId normalized = zone.normalized();
        if (normalized.equals(ZoneOffset.UTC)) {
            return "SET TIME ZONE 'UTC'";
        }
        if (normalized instanceof ZoneOffset offset) {
            // PostgreSQL reads a plain '+02:00' string as a POSIX zone, with the sign inverted
            return this == POSTGRESQL ? "SET TIME ZONE INTERVAL '" + offset.getId() + "' HOUR TO MINUTE"
                    : "SET TIME ZONE '" + offset.getId() + "'";
        }
        String id = normalized.getId();
        if (!REGION_ID.matcher(id).matches()) {
            return null;
        }
        return "SET TIME ZONE '" + id + "'";
    }
}
