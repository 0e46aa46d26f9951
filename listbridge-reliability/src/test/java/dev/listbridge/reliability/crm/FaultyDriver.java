package dev.listbridge.reliability.crm;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for URLs {@code jdbc:faulty:<rest>} that opens {@code jdbc:<rest>} with the real driver and
 * passes everything through, except the connection drops {@link CrmFaults} arms. Found by
 * {@link DriverManager} through {@code META-INF/services/java.sql.Driver}, so the CRM source under test is
 * unchanged: only its URL says {@code faulty}.
 */
public final class FaultyDriver implements Driver {
    public static final String PREFIX = "jdbc:faulty:";

    static {
        try {
            DriverManager.registerDriver(new FaultyDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The faulty form of a real JDBC URL. */
    public static String faulty(String jdbcUrl) {
        return PREFIX + jdbcUrl.substring("jdbc:".length());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(real));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static Object pass(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A connection whose statements and commits can drop it. */
    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection real;
        private boolean wrote;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "createStatement" -> {
                    return wrap(Statement.class, pass(real, method, args));
                }
                case "prepareStatement" -> {
                    return wrap(PreparedStatement.class, pass(real, method, args));
                }
                case "commit" -> {
                    commit();
                    return null;
                }
                case "rollback" -> {
                    wrote = false;
                    return pass(real, method, args);
                }
                case "unwrap" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : pass(real, method, args);
                }
                case "isWrapperFor" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) || (boolean) pass(real, method, args);
                }
                default -> {
                    return pass(real, method, args);
                }
            }
        }

        private void commit() throws SQLException {
            CrmFaults.Kind drop = wrote ? CrmFaults.commitDrop() : null;
            wrote = false;
            if (drop == CrmFaults.Kind.DROP_BEFORE_COMMIT) {
                real.rollback();
                real.close();
                throw CrmFaults.dropped("while committing");
            }
            real.commit();
            if (drop == CrmFaults.Kind.DROP_AFTER_COMMIT) {
                real.close();
                throw CrmFaults.dropped("after the commit, before its answer");
            }
        }

        private Object wrap(Class<?> type, Object statement) {
            return Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {type},
                    new StatementHandler(this, statement));
        }

        void drop() throws SQLException {
            real.close();
        }
    }

    /** A statement: queries may get a result that drops, writes mark the connection as written to. */
    private static final class StatementHandler implements InvocationHandler {
        private final ConnectionHandler connection;
        private final Object real;

        StatementHandler(ConnectionHandler connection, Object real) {
            this.connection = connection;
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute")) {
                if (CrmFaults.statementDrops()) {
                    connection.drop();
                    throw CrmFaults.dropped("before the statement ran");
                }
                if (!name.equals("executeQuery")) {
                    connection.wrote = true;
                }
            }
            Object result = pass(real, method, args);
            if (name.equals("executeQuery") && args != null && args.length == 1 && args[0] instanceof String sql
                    && sql.startsWith("SELECT * FROM (") && !sql.endsWith("1=0")) {
                int rows = CrmFaults.rowsBeforeReadDrop();
                if (rows >= 0) {
                    return Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                            new DroppingResult(connection, (ResultSet) result, rows));
                }
            }
            return result;
        }
    }

    /** A contacts query's result whose connection drops after some rows. */
    private static final class DroppingResult implements InvocationHandler {
        private final ConnectionHandler connection;
        private final ResultSet real;
        private int remaining;

        DroppingResult(ConnectionHandler connection, ResultSet real, int rows) {
            this.connection = connection;
            this.real = real;
            this.remaining = rows;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("next")) {
                if (remaining-- <= 0) {
                    connection.drop();
                    throw CrmFaults.dropped("while reading contacts");
                }
            }
            return pass(real, method, args);
        }
    }
}
