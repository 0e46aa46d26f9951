package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class MariaDbWatermarkFeedIT extends WatermarkFeedContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.mariadb();
    }

    @Override
    String timestampTzType() {
        return null;
    }

    @Override
    String timestampType() {
        return "DATETIME(6) NULL";
    }
}
