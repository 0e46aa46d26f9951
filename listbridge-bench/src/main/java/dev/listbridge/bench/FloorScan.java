package dev.listbridge.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor of a cycle: the configured contacts query as written, read once over plain JDBC the way a
 * careful hand-written export would (streaming with the configured fetch size, autocommit off as
 * PostgreSQL's driver needs for that), every column of every row fetched as an object.
 */
final class FloorScan {
    /** What the scan read. {@code checksum} depends on every value, so the reads cannot be skipped. */
    record Result(long rows, long nanos, long checksum) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    private FloorScan() {
    }

    static Result run(CrmDatabase crm, String query, int fetchSize) throws SQLException {
        long started = System.nanoTime();
        long rows = 0;
        long checksum = 0;
        try (Connection connection = crm.connect()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(fetchSize);
                try (ResultSet rs = statement.executeQuery(query)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        rows++;
                        for (int column = 1; column <= columns; column++) {
                            Object value = rs.getObject(column);
                            checksum = 31 * checksum + (value == null ? 0 : value.hashCode());
                        }
                    }
                }
            }
            connection.rollback();
        }
        return new Result(rows, System.nanoTime() - started, checksum);
    }
}
