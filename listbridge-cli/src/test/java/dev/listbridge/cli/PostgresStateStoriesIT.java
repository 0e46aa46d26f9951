package dev.listbridge.cli;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The stories with the CRM on MariaDB and the state store on PostgreSQL, as in production. */
class PostgresStateStoriesIT extends SyncStoriesIT {
    TestDatabase state;

    @Override
    TestDatabase database() {
        return TestDatabases.mariadb();
    }

    @BeforeEach
    void stateOnPostgres() {
        state = TestDatabases.postgres();
        String separator = state.jdbcUrl().contains("?") ? "&" : "?";
        h.state(state.jdbcUrl() + separator + "user=" + state.user()
                + (state.password().isEmpty() ? "" : "&password=" + state.password()));
    }

    @AfterEach
    void dropState() {
        h.close();
        state.close();
    }
}
