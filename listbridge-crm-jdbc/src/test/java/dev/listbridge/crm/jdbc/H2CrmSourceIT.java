package dev.listbridge.crm.jdbc;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;

class H2CrmSourceIT extends CrmSourceContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.h2();
    }

    @Override
    String timestampTzType() {
        return "TIMESTAMP WITH TIME ZONE";
    }

    @Override
    String unreachableUrl() {
        return "jdbc:h2:tcp://127.0.0.1:1/mem:crm";
    }
}
