package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RetriableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Classification of failures as the drivers report them; SQL Server's cannot be run here, so its codes are checked this way. */
class SqlErrorsTest {

    private final SqlErrors postgres = new SqlErrors(Dialect.POSTGRESQL, "s3cret-pw");
    private final SqlErrors sqlServer = new SqlErrors(Dialect.SQLSERVER, "s3cret-pw");

    @Test
    void a_pool_timeout_is_retriable_and_names_the_drivers_reason_without_the_password() {
        SQLException refused = new SQLException("Connection to db:5432 refused, url ?password=s3cret-pw&ssl=true", "08001", new ConnectException("refused"));
        SQLException timeout = new SQLTransientConnectionException(
                "listbridge-crm - Connection is not available, request timed out after 5001ms", "08001", refused);

        assertThat(postgres.onConnect(timeout)).isInstanceOf(RetriableException.class)
                .hasMessage("CRM database unreachable: Connection to db:5432 refused, url ?password=****&ssl=true (no connection within the pool's timeout)");
    }

    @Test
    void a_refused_login_stops_and_an_unknown_database_is_a_configuration_error() {
        SQLException login = new SQLTransientConnectionException("timed out", "08001",
                new SQLException("FATAL: password authentication failed for user \"lb\"", "28P01"));

        assertThat(postgres.onConnect(login)).isInstanceOf(PermanentException.class).hasMessageContaining("refused the login");
        assertThat(postgres.onConnect(new SQLException("FATAL: database \"crm\" does not exist", "3D000")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems().getFirst().key()).isEqualTo("url"));
    }

    @Test
    void a_dropped_connection_while_running_is_retriable() {
        assertThat(postgres.onExecute(new SQLException("An I/O error occurred while sending to the backend.", "08006"), "contactsQuery", "the contacts query", false))
                .isInstanceOf(RetriableException.class);
        assertThat(postgres.onExecute(new SQLRecoverableException("gone"), "contactsQuery", "the contacts query", false))
                .isInstanceOf(RetriableException.class);
        assertThat(postgres.onExecute(new SQLException("FATAL: terminating connection due to administrator command", "57P01"), "s", "statement 's'", true))
                .isInstanceOf(RetriableException.class).hasMessageStartingWith("CRM database unreachable: ");
    }

    @Test
    void deadlocks_and_timeouts_are_retriable() {
        assertThat(postgres.onExecute(new SQLException("deadlock detected", "40P01"), "s", "statement 's'", true)).isInstanceOf(RetriableException.class);
        assertThat(postgres.onExecute(new SQLException("canceling statement due to statement timeout", "57014"), "s", "statement 's'", true))
                .isInstanceOf(RetriableException.class);
        assertThat(sqlServer.onExecute(new SQLException("Transaction was deadlocked", "S0001", 1205), "s", "statement 's'", true))
                .isInstanceOf(RetriableException.class);
    }

    @Test
    void sql_server_compile_errors_are_configuration_errors_by_their_numbers() {
        assertThat(sqlServer.onExecute(new SQLException("Invalid column name 'nope'.", "S0001", 207), "unsubscribed", "statement 'unsubscribed'", true))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems().getFirst().key()).isEqualTo("unsubscribed");
                    assertThat(e.getMessage()).contains("the database refused statement 'unsubscribed': Invalid column name 'nope'.");
                });
        assertThat(sqlServer.onExecute(new SQLException("The ORDER BY clause is invalid in views, inline functions, derived tables", "S0001", 1033),
                "contactsQuery", "the contacts query", false)).isInstanceOf(InvalidConfigException.class);
        assertThat(sqlServer.onExecute(new SQLException("Invalid object name 'kunden'.", "S0002", 208), "contactsQuery", "the contacts query", false))
                .isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void syntax_errors_are_configuration_errors_on_every_database() {
        assertThat(postgres.onExecute(new SQLSyntaxErrorException("syntax error at or near \"SELEKT\"", "42601"), "contactsQuery", "the contacts query", false))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("contactsQuery: the database refused the contacts query: syntax error");
    }

    @Test
    void data_a_statement_cannot_store_rejects_the_write_back_but_is_a_configuration_error_when_reading() {
        SQLException tooLong = new SQLException("value too long for type character varying(100)", "22001");

        assertThat(postgres.onExecute(tooLong, "hardBounce", "statement 'hardBounce' for key 7", true)).isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("statement 'hardBounce' for key 7 failed on the data");
        assertThat(postgres.onExecute(tooLong, "contactsQuery", "the contacts query", false)).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void anything_else_stops_with_the_databases_message() {
        assertThat(postgres.onExecute(new SQLException("disk full", "53100"), "s", "statement 's'", true)).isInstanceOf(RetriableException.class);
        assertThat(postgres.onExecute(new SQLException("something odd", "XX000"), "s", "statement 's'", true))
                .isInstanceOf(PermanentException.class).hasMessage("statement 's' failed: something odd");
    }
}
