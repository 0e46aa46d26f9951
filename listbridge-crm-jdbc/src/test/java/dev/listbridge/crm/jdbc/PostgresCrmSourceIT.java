package dev.listbridge.crm.jdbc;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class PostgresCrmSourceIT extends CrmSourceContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    String timestampTzType() {
        return "TIMESTAMPTZ";
    }

    @Override
    String unreachableUrl() {
        return "jdbc:postgresql://127.0.0.1:1/crm?password=s3cret-pw";
    }

    @Override
    String generatedContactsQuery(int rows) {
        return "SELECT g AS id, 'user' || g || '@example.com' AS email, g % 2 = 0 AS newsletter, repeat('x', 100) AS filler "
                + "FROM generate_series(1, " + rows + ") g";
    }

    @Override
    boolean killOtherConnections() {
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        return true;
    }
}
