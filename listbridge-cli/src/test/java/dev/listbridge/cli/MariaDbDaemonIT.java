package dev.listbridge.cli;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

/** The daemon with the CRM on MariaDB. */
class MariaDbDaemonIT extends DaemonIT {
    @Override
    TestDatabase database() {
        return TestDatabases.mariadb();
    }
}
