package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.Dialect;
import dev.listbridge.crm.jdbc.SqlErrors;
import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Checks the watched table and installs or removes the {@code queue} capture's triggers in the CRM
 * database, on one connection of its own. Every check runs before anything is changed.
 * <p>
 * Failures: {@link dev.listbridge.spi.InvalidConfigException} naming the config key of a missing
 * table or column, or carrying the database's refusal (no right to create triggers, say);
 * {@link dev.listbridge.spi.RetriableException} when the CRM cannot be reached.
 */
public final class TriggerInstaller implements AutoCloseable {
    private final CrmSettings crm;
    private final Dialect dialect;
    private final SqlErrors errors;
    private Connection connection;

    public TriggerInstaller(CrmSettings crm) {
        this.crm = Objects.requireNonNull(crm, "crm");
        this.dialect = Dialect.of(crm.url());
        this.errors = new SqlErrors(dialect, crm.password());
    }

    /**
     * The target for installing: the table, its key column, its updated-at column when one is
     * configured, and the columns whose updates count (see {@link WatchedColumns}).
     *
     * @param sqlTexts    the contacts query and every audience filter
     * @param columnNames every column name the config gives (key, email, consent, consentAt, fields, tags, ...)
     * @throws dev.listbridge.spi.InvalidConfigException naming every missing table or column with its config key
     */
    public CaptureTarget inspect(CaptureSettings capture, Collection<String> sqlTexts, Collection<String> columnNames) {
        CaptureTable table = locate(capture).table();
        List<ConfigProblem> problems = new ArrayList<>();
        TableColumn key = table.require("crm.contacts.key", crm.keyColumn(), problems);
        if (capture.updatedAtColumn() != null) {
            table.require("crm.contacts.updatedAt", capture.updatedAtColumn(), problems);
        }
        CaptureTable.check(problems);
        List<String> names = new ArrayList<>(columnNames);
        names.add(key.name());
        return new CaptureTarget(table, key, WatchedColumns.of(table, sqlTexts, names), queueSchema());
    }

    /**
     * The target for removing: only the table must exist.
     *
     * @throws dev.listbridge.spi.InvalidConfigException keyed {@code crm.contacts.table} when it does not
     */
    public CaptureTarget locate(CaptureSettings capture) {
        if (capture.table() == null) {
            throw new InvalidConfigException("crm.contacts.table", "the triggers need the table whose rows carry the key");
        }
        return new CaptureTarget(CaptureTable.read(connection(), capture.table(), errors), null, List.of(), queueSchema());
    }

    /** Where the queue table goes: the connection's schema (its database on MariaDB/MySQL), where the feed reads it. */
    private String queueSchema() {
        try {
            return dialect == Dialect.MARIADB ? connection().getCatalog() : connection().getSchema();
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.url", "asking for the current schema", false);
        }
    }

    /**
     * Installs or replaces the script's objects (PostgreSQL: in one transaction).
     *
     * @return one line per object: created, or replaced when it was there
     */
    public List<String> install(TriggerScript script) {
        Connection c = connection();
        List<Boolean> existed = script.objects().stream().map(this::exists).toList();
        boolean transaction = dialect == Dialect.POSTGRESQL;
        try {
            c.setAutoCommit(!transaction);
            try (Statement statement = c.createStatement()) {
                for (String sql : script.installStatements()) {
                    statement.execute(sql);
                }
            }
            if (transaction) {
                c.commit();
            }
        } catch (SQLException e) {
            rollbackQuietly(c, transaction);
            throw errors.onExecute(e, "crm.contacts.table", "installing the change capture triggers", false);
        } finally {
            autoCommit(c);
        }
        List<String> lines = new ArrayList<>();
        List<CaptureObject> objects = script.objects();
        for (int i = objects.size() - 1; i >= 0; i--) {
            CaptureObject object = objects.get(i);
            lines.add(object + (existed.get(i) ? (object.kind().equals("table") ? ": already there" : ": replaced") : ": created"));
        }
        return lines;
    }

    /**
     * Drops the script's objects; the queue table with the changes not yet drained.
     *
     * @return one line per object: removed (with the changes dropped for the queue table), or not installed
     */
    public List<String> remove(TriggerScript script) {
        Connection c = connection();
        List<String> lines = new ArrayList<>();
        try (Statement statement = c.createStatement()) {
            for (CaptureObject object : script.objects()) {
                if (!exists(object)) {
                    lines.add(object + ": not installed");
                    continue;
                }
                String dropped = "";
                if (object.kind().equals("table")) {
                    try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + object.name())) {
                        rs.next();
                        long waiting = rs.getLong(1);
                        dropped = " (" + waiting + (waiting == 1 ? " change" : " changes") + " not yet drained)";
                    }
                }
                statement.execute(object.dropSql());
                lines.add(object + ": removed" + dropped);
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.contacts.table", "removing the change capture triggers", false);
        }
        return lines;
    }

    private boolean exists(CaptureObject object) {
        try (PreparedStatement statement = connection().prepareStatement(object.existsSql())) {
            for (int i = 0; i < object.existsArguments().size(); i++) {
                statement.setString(i + 1, object.existsArguments().get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.contacts.table", "looking for " + object, false);
        }
    }

    private Connection connection() {
        if (connection == null) {
            try {
                connection = CaptureConnections.single(crm);
            } catch (SQLException e) {
                throw errors.onConnect(e);
            }
        }
        return connection;
    }

    private static void rollbackQuietly(Connection c, boolean transaction) {
        if (transaction) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the failure being reported matters more
            }
        }
    }

    private static void autoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is closed after use anyway
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing was left to do on it
            }
            connection = null;
        }
    }
}
