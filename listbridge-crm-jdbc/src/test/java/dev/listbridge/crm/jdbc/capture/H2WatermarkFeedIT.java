package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class H2WatermarkFeedIT extends WatermarkFeedContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.h2();
    }

    @Override
    String timestampTzType() {
        return "TIMESTAMP WITH TIME ZONE";
    }
}
