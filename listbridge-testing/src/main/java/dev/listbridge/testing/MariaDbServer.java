package dev.listbridge.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machine's MariaDB server at 127.0.0.1:3306 (root, empty password). */
final class MariaDbServer {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);
    private static final String USER = "root";
    private static final String BASE = "jdbc:mariadb://" + TestDatabases.LOOPBACK + ":" + TestDatabases.MARIADB_PORT + "/";
    private static final String OPTIONS = "?sslMode=disable";

    private MariaDbServer() {
    }

    /** Null when the server answers; probed once per JVM. */
    static String unavailableReason() {
        return Probe.PROBLEM;
    }

    static TestDatabase createDatabase(String name) {
        String adminUrl = BASE + OPTIONS + "&connectTimeout=2000";
        TestDatabases.admin(adminUrl, USER, "", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        LOG.debug("created MariaDB test database {}", name);
        return new TestDatabase(TestDatabase.Kind.MARIADB, name, BASE + name + OPTIONS, USER, "",
                () -> TestDatabases.admin(adminUrl, USER, "", "DROP DATABASE IF EXISTS " + name));
    }

    private static final class Probe {
        static final String PROBLEM = TestDatabases.probe(BASE + OPTIONS + "&connectTimeout=2000", USER, "");
    }
}
