package dev.listbridge.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where {@link TestDatabases#postgres()} creates its databases: the machine's server or an embedded one. */
final class PostgresServers {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServers.class);
    private static final String USER = "postgres";

    private PostgresServers() {
    }

    /** A PostgreSQL server reachable with {@code user} and an empty password. */
    record Server(String host, int port, String description) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        TestDatabase createDatabase(String name) {
            String adminUrl = url("postgres") + "?connectTimeout=2";
            TestDatabases.admin(adminUrl, USER, "", "CREATE DATABASE " + name);
            LOG.debug("created test database {} on {}", name, description);
            return new TestDatabase(TestDatabase.Kind.POSTGRESQL, name, url(name), USER, "",
                    () -> TestDatabases.admin(adminUrl, USER, "", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        }
    }

    static Server pick() {
        if (Boolean.getBoolean(TestDatabases.EMBEDDED_POSTGRES_PROPERTY)) {
            return Embedded.SERVER;
        }
        Server local = Local.SERVER;
        return local != null ? local : Embedded.SERVER;
    }

    /** The machine's server, probed once per JVM; null when it does not answer. */
    private static final class Local {
        static final Server SERVER = probe();

        private static Server probe() {
            Server server = new Server(TestDatabases.LOOPBACK, TestDatabases.POSTGRES_PORT,
                    "local PostgreSQL at " + TestDatabases.LOOPBACK + ":" + TestDatabases.POSTGRES_PORT);
            String problem = TestDatabases.probe(server.url("postgres") + "?connectTimeout=2&loginTimeout=2", USER, "");
            if (problem == null) {
                LOG.info("test databases on {}", server.description());
                return server;
            }
            LOG.info("no usable PostgreSQL at {}:{} ({}); using an embedded PostgreSQL",
                    TestDatabases.LOOPBACK, TestDatabases.POSTGRES_PORT, problem);
            return null;
        }
    }

    /** An embedded PostgreSQL, started on first use and stopped by its own shutdown hook. */
    private static final class Embedded {
        static final Server SERVER = start();

        private static Server start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Server server = new Server("localhost", postgres.getPort(),
                        "embedded PostgreSQL on port " + postgres.getPort());
                LOG.info("test databases on {}", server.description());
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start an embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
