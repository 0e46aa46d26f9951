package dev.listbridge.cli;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

/** The stories with the CRM on PostgreSQL. */
class PostgresSyncStoriesIT extends SyncStoriesIT {
    @Override
    TestDatabase database() {
        return TestDatabases.postgres();
    }
}
