package dev.listbridge.crm.jdbc;

import dev.listbridge.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.listbridge.testing.TestDatabases;

class MariaDbCrmSourceIT extends CrmSourceContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.mariadb();
    }

    @Override
    String timestampType() {
        return "DATETIME(6)";
    }

    /** MariaDB has no TIMESTAMP WITH TIME ZONE. */
    @Override
    String timestampTzType() {
        return null;
    }

    @Override
    String tzLiteral(String utcLocal) {
        return "'" + utcLocal + "'";
    }

    @Override
    String unreachableUrl() {
        return "jdbc:mariadb://127.0.0.1:1/crm?sslMode=disable&connectTimeout=1000";
    }

    /** The Sequence engine's {@code seq_1_to_N} tables (MariaDB 10.0.3 and later). */
    @Override
    String generatedContactsQuery(int rows) {
        return "SELECT seq AS id, CONCAT('user', seq, '@example.com') AS email, seq % 2 = 0 AS newsletter, REPEAT('x', 100) AS filler "
                + "FROM seq_1_to_" + rows;
    }

    @Override
    boolean killOtherConnections() {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            for (long id : ids) {
                statement.execute("KILL CONNECTION " + id);
            }
            return !ids.isEmpty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
