package dev.listbridge.daemon;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class PostgresInboxRetentionIT extends InboxRetentionContract {
    private TestDatabase database;

    @Override
    DaemonStore openStore() {
        database = TestDatabases.postgres();
        return DaemonStore.open(database.jdbcUrl(), database.user(), database.password());
    }

    @Override
    void closed() {
        database.close();
    }
}
