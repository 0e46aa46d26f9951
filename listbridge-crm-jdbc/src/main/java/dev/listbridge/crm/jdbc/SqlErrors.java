package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.RetriableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Classifies SQL failures into what the engine should do (STYLE.md, errors): retry later
 * ({@link RetriableException}: unreachable, dropped connection, timeout, deadlock), fix the
 * configuration ({@link InvalidConfigException}: syntax, unknown column or table, no permission),
 * drop one write-back as a dead letter ({@link RecordRejectedException}: data the statement cannot
 * store) or stop ({@link PermanentException}: refused login, anything else). The password never
 * appears in a message. Public for the change capture package of this module, not an API.
 */
public final class SqlErrors {

    /** SQL Server error numbers for statements it cannot compile (its SQLStates are not X/Open). */
    private static final Set<Integer> SQLSERVER_CONFIG_ERRORS = Set.of(
            102, 105, 137, 156, 207, 208, 209, 229, 230, 1033, 2812, 4104, 4145, 8155, 8156);
    /** SQL Server: deadlock victim, lock timeout. */
    private static final Set<Integer> SQLSERVER_RETRIABLE_ERRORS = Set.of(1205, 1222);
    /** H2: function not found, invalid schema. */
    private static final Set<Integer> H2_CONFIG_ERRORS = Set.of(90022, 90079);
    /** Serialization failure, deadlock, statement timeout, too many connections, out of resources. */
    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57014", "53300", "53200", "53100");
    /** PostgreSQL: connection terminated by an administrator, by a crash, or the server is starting or stopping. */
    private static final Set<String> CONNECTION_LOST_STATES = Set.of("57P01", "57P02", "57P03");
    /** H2: connection broken, database closed. */
    private static final Set<Integer> H2_CONNECTION_ERRORS = Set.of(90067, 90098, 90121);

    private final Dialect dialect;
    private final String password;

    public SqlErrors(Dialect dialect, String password) {
        this.dialect = dialect;
        this.password = password;
    }

    /**
     * A failure while obtaining a connection: a refused login stops, an unknown database is a
     * configuration error, anything else means the database is unreachable.
     */
    public ListbridgeException onConnect(SQLException e) {
        SQLException cause = primary(e);
        if (hasState(cause, "28")) {
            return new PermanentException("CRM database refused the login: " + mask(cause.getMessage()), e);
        }
        if ("3D000".equals(cause.getSQLState()) || dialect == Dialect.MARIADB && cause.getErrorCode() == 1049
                || dialect == Dialect.SQLSERVER && cause.getErrorCode() == 4060) {
            return new InvalidConfigException("url", "the CRM database does not exist: " + mask(cause.getMessage()));
        }
        return unreachable(e);
    }

    /**
     * A failure while running a query or statement.
     *
     * @param configKey the configuration key of what ran ({@code contactsQuery} or the statement's name)
     * @param what      what ran, for messages: "the contacts query", "statement 'unsubscribed'"
     * @param write     whether it was a write-back (data errors reject the record) or a read
     */
    public ListbridgeException onExecute(SQLException e, String configKey, String what, boolean write) {
        SQLException cause = primary(e);
        if (isConnectionLoss(e)) {
            return unreachable(e);
        }
        if (isRetriable(cause)) {
            return new RetriableException("CRM database busy: " + what + " failed: " + mask(cause.getMessage()), e);
        }
        if (isConfigError(cause)) {
            return new InvalidConfigException(configKey, "the database refused " + what + ": " + mask(cause.getMessage()));
        }
        if (hasState(cause, "22") || hasState(cause, "23")) {
            String message = what + " failed on the data: " + mask(cause.getMessage());
            return write ? new RecordRejectedException(RejectReason.OTHER, message) : new InvalidConfigException(configKey, message);
        }
        if (hasState(cause, "28")) {
            return new PermanentException("CRM database refused the login: " + mask(cause.getMessage()), e);
        }
        return new PermanentException(what + " failed: " + mask(cause.getMessage()), e);
    }

    private RetriableException unreachable(SQLException e) {
        return new RetriableException("CRM database unreachable: " + mask(reason(e)), e);
    }

    /**
     * Why: the innermost driver exception's message (it names host and port), else the innermost
     * I/O error's; the pool's own timeout only as a note.
     */
    private static String reason(SQLException e) {
        Throwable driver = null;
        Throwable io = null;
        for (Throwable t : chain(e)) {
            if (t.getMessage() == null) {
                continue;
            }
            if (t instanceof SQLException && !isPoolTimeout(t)) {
                driver = t;
            } else if (t instanceof IOException) {
                io = t;
            }
        }
        Throwable best = driver != null ? driver : io != null ? io : e;
        String reason = best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        return best != e && isPoolTimeout(e) ? reason + " (no connection within the pool's timeout)" : reason;
    }

    private static boolean isPoolTimeout(Throwable t) {
        return t instanceof SQLTransientConnectionException && t.getMessage() != null && t.getMessage().contains("request timed out");
    }

    /** The driver's own exception where the pool wrapped it. */
    private static SQLException primary(SQLException e) {
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException cause) {
            return cause;
        }
        if (e.getNextException() != null && e.getMessage() != null && e.getMessage().startsWith("Batch entry")) {
            return e.getNextException();
        }
        return e;
    }

    private boolean isConnectionLoss(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SQLException sql && (sql.getSQLState() != null && CONNECTION_LOST_STATES.contains(sql.getSQLState())
                    || dialect == Dialect.H2 && H2_CONNECTION_ERRORS.contains(sql.getErrorCode()))) {
                return true;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql && hasState(sql, "08")) {
                return true;
            }
        }
        return false;
    }

    private boolean isRetriable(SQLException e) {
        return e instanceof SQLTimeoutException || e instanceof SQLTransientException
                || e.getSQLState() != null && RETRIABLE_STATES.contains(e.getSQLState())
                || dialect == Dialect.SQLSERVER && SQLSERVER_RETRIABLE_ERRORS.contains(e.getErrorCode());
    }

    private boolean isConfigError(SQLException e) {
        return hasState(e, "42") || "3F000".equals(e.getSQLState())
                || dialect == Dialect.SQLSERVER && SQLSERVER_CONFIG_ERRORS.contains(e.getErrorCode())
                || dialect == Dialect.H2 && H2_CONFIG_ERRORS.contains(e.getErrorCode());
    }

    private static boolean hasState(SQLException e, String stateClass) {
        return e.getSQLState() != null && e.getSQLState().startsWith(stateClass);
    }

    /** The exception, its causes and the SQL next-exceptions, without cycles. */
    private static List<Throwable> chain(Throwable start) {
        List<Throwable> seen = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(start));
        while (!todo.isEmpty() && seen.size() < 20) {
            Throwable t = todo.removeFirst();
            if (t == null || seen.stream().anyMatch(s -> s == t)) {
                continue;
            }
            seen.add(t);
            todo.add(t.getCause());
            if (t instanceof SQLException sql) {
                todo.add(sql.getNextException());
            }
        }
        return seen;
    }

    private String mask(String message) {
        return Secrets.mask(message, password);
    }
}
