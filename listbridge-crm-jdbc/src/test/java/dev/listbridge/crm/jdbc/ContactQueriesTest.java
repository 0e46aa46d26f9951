package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The SQL text Listbridge generates; the same for every database, SQL Server included. */
class ContactQueriesTest {

    @Test
    void the_contacts_query_is_wrapped_as_a_derived_table_with_the_filter_outside() {
        assertThat(ContactQueries.select("SELECT id, email FROM customers", "city = 'Berlin'"))
                .isEqualTo("SELECT * FROM (\nSELECT id, email FROM customers\n) lb_contacts WHERE (\ncity = 'Berlin'\n)");
    }

    @Test
    void without_a_filter_there_is_no_where_clause() {
        assertThat(ContactQueries.select("SELECT id FROM c", null)).isEqualTo("SELECT * FROM (\nSELECT id FROM c\n) lb_contacts");
        assertThat(ContactQueries.select("SELECT id FROM c", "  ")).doesNotContain("WHERE");
    }

    @Test
    void trailing_semicolons_are_dropped_and_a_trailing_comment_cannot_swallow_the_parenthesis() {
        assertThat(ContactQueries.select("SELECT id FROM c -- all of them\n ;; ", "a = 1 -- why"))
                .isEqualTo("SELECT * FROM (\nSELECT id FROM c -- all of them\n) lb_contacts WHERE (\na = 1 -- why\n)");
    }

    @Test
    void a_read_by_keys_adds_an_in_list_after_the_filter() {
        assertThat(ContactQueries.selectKeys("SELECT id FROM c;", "city = 'Berlin'", "\"id\"", 3))
                .isEqualTo("SELECT * FROM (\nSELECT id FROM c\n) lb_contacts WHERE (\ncity = 'Berlin'\n) AND lb_contacts.\"id\" IN (?, ?, ?)");
        assertThat(ContactQueries.selectKeys("SELECT id FROM c", null, "`id`", 1))
                .isEqualTo("SELECT * FROM (\nSELECT id FROM c\n) lb_contacts WHERE lb_contacts.`id` IN (?)");
    }

    @Test
    void the_probe_returns_no_rows_and_the_count_counts_the_query() {
        assertThat(ContactQueries.probe("SELECT id FROM c;")).isEqualTo("SELECT * FROM (\nSELECT id FROM c\n) lb_contacts WHERE 1=0");
        assertThat(ContactQueries.count("SELECT id FROM c")).isEqualTo("SELECT COUNT(*) FROM (\nSELECT id FROM c\n) lb_contacts");
    }

    @Test
    void dialects_are_told_by_the_url() {
        assertThat(Dialect.of("jdbc:postgresql://db/crm")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of("jdbc:mariadb://db/crm")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of("jdbc:mysql://db/crm")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of("jdbc:sqlserver://db;databaseName=crm")).isEqualTo(Dialect.SQLSERVER);
        assertThat(Dialect.of("jdbc:h2:mem:crm")).isEqualTo(Dialect.H2);
        assertThat(Dialect.of("jdbc:oracle:thin:@db")).isEqualTo(Dialect.OTHER);
    }

    @Test
    void the_session_time_zone_is_set_on_postgresql_and_h2_only() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(Dialect.POSTGRESQL.sessionTimeZoneSql(berlin)).isEqualTo("SET TIME ZONE 'Europe/Berlin'");
        assertThat(Dialect.H2.sessionTimeZoneSql(berlin)).isEqualTo("SET TIME ZONE 'Europe/Berlin'");
        assertThat(Dialect.POSTGRESQL.sessionTimeZoneSql(ZoneOffset.UTC)).isEqualTo("SET TIME ZONE 'UTC'");
        assertThat(Dialect.POSTGRESQL.sessionTimeZoneSql(ZoneId.of("UTC"))).isEqualTo("SET TIME ZONE 'UTC'");
        assertThat(Dialect.POSTGRESQL.sessionTimeZoneSql(ZoneOffset.ofHours(2))).isEqualTo("SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE");
        assertThat(Dialect.SQLSERVER.sessionTimeZoneSql(berlin)).isNull();
        assertThat(Dialect.MARIADB.sessionTimeZoneSql(berlin)).isNull();
    }
}
