package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class PostgresWatermarkFeedIT extends WatermarkFeedContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    String timestampTzType() {
        return "TIMESTAMPTZ";
    }
}
