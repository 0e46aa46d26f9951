package dev.listbridge.store;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresStateStoreIT extends StateStoreContract {
    TestDatabase database;
    StateStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.postgres();
        store = StateStore.open(database.jdbcUrl(), database.user(), database.password());
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    @Override
    StateStore store() {
        return store;
    }
}
