package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.Dialect;
import java.util.Locale;

/** The databases Listbridge generates queue triggers for. */
public enum TriggerDialect {
    POSTGRESQL("PostgreSQL"), MARIADB("MariaDB/MySQL"), SQLSERVER("SQL Server");

    private final String displayName;

    TriggerDialect(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The dialect of the database a JDBC URL points at; null for one without triggers Listbridge can write (H2, others). */
    public static TriggerDialect of(String jdbcUrl) {
        return switch (Dialect.of(jdbcUrl)) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case SQLSERVER -> SQLSERVER;
            default -> null;
        };
    }

    /**
     * A dialect by name: {@code postgresql}, {@code mariadb} (or {@code mysql}), {@code sqlserver}.
     *
     * @throws IllegalArgumentException naming the names it knows
     */
    public static TriggerDialect named(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres" -> POSTGRESQL;
            case "mariadb", "mysql" -> MARIADB;
            case "sqlserver", "mssql" -> SQLSERVER;
            default -> throw new IllegalArgumentException("expected postgresql, mariadb, mysql or sqlserver; was '" + name + "'");
        };
    }

    /** The script for this database. */
    public TriggerScript script(CaptureTarget target) {
        return switch (this) {
            case POSTGRESQL -> new PostgresTriggers(target);
            case MARIADB -> new MariaDbTriggers(target);
            case SQLSERVER -> new SqlServerTriggers(target);
        };
    }
}
