package dev.listbridge.cli;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class MariaDbTriggersCommandIT extends TriggersCommandIT {

    @Override
    TestDatabase database() {
        return TestDatabases.mariadb();
    }

    @Override
    String ownDialectMarker() {
        return "DELIMITER //";
    }
}
