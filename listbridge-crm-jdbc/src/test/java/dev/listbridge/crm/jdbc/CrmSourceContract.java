package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.WriteBack;
import dev.listbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every database {@link JdbcCrmSource} supports must pass; one subclass per database supplies
 * a fresh {@link TestDatabase} and its column types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrmSourceContract {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String QUERY = "SELECT id, customer_no, email, newsletter, promo_flag, promo_num, consent_at, consent_day, "
            + "consent_at_tz, city, score, rating FROM customers";
    static final String UNSUBSCRIBED = "UPDATE customers SET newsletter = FALSE, unsubscribed_at = :occurredAt, "
            + "note = :reason WHERE id = :key";

    TestDatabase db;
    final List<JdbcCrmSource> sources = new ArrayList<>();

    /** A fresh database. */
    abstract TestDatabase createDatabase();

    /** A TIMESTAMP WITHOUT TIME ZONE type. */
    String timestampType() {
        return "TIMESTAMP";
    }

    /** A TIMESTAMP WITH TIME ZONE type, or null where the database has none. */
    abstract String timestampTzType();

    /** A JDBC URL for the same kind of database where nothing listens. */
    abstract String unreachableUrl();

    /**
     * A query generating {@code rows} contacts (id, email, newsletter, a 100-character filler), or
     * null where the database cannot stream (H2 in memory).
     */
    String generatedContactsQuery(int rows) {
        return null;
    }

    /** Ends every other connection to the test database; false where that is not supported. */
    boolean killOtherConnections() {
        return false;
    }

    @BeforeAll
    void createDatabaseOnce() {
        db = createDatabase();
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void fixture() {
        String ts = timestampType();
        String tsTz = timestampTzType() == null ? ts : timestampTzType();
        db.execute("DROP TABLE IF EXISTS customers",
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, customer_no VARCHAR(20) NOT NULL, email VARCHAR(200), "
                        + "newsletter BOOLEAN, promo_flag VARCHAR(10), promo_num INTEGER, consent_at " + ts + " NULL, "
                        + "consent_day DATE, consent_at_tz " + tsTz + " NULL, city VARCHAR(50), score DECIMAL(10,2), "
                        + "rating DOUBLE PRECISION, unsubscribed_at " + ts + " NULL, unsubscribed_at_tz " + tsTz + " NULL, "
                        + "note VARCHAR(100), email_status VARCHAR(20))",
                "INSERT INTO customers (id, customer_no, email, newsletter, promo_flag, promo_num, consent_at, consent_day, "
                        + "consent_at_tz, city, score, rating) VALUES "
                        + "(1, '10023', 'anna@example.com', TRUE, 'Ja', 2, '2024-03-01 10:00:00', '2024-03-01', "
                        + tzLiteral("2024-03-01 10:00:00") + ", 'Berlin', 12.50, 3.0), "
                        + "(2, '010023', 'ben@example.com', FALSE, 'y', 0, NULL, NULL, NULL, 'Berlin', NULL, 2.5), "
                        + "(3, '20001', 'cara@example.com', NULL, 'T', -1, NULL, NULL, NULL, 'Hamburg', 0, NULL), "
                        + "(4, '20002', NULL, TRUE, '1', NULL, NULL, NULL, NULL, 'Hamburg', 100, NULL), "
                        + "(5, '20003', 'dora@example.com', FALSE, 'no', 0, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(6, '20004', 'emil@example.com', TRUE, '', 1, NULL, NULL, NULL, 'Köln', NULL, NULL), "
                        + "(7, '20005', 'fritz@example.com', TRUE, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(8, '20006', 'gina@example.com', TRUE, 'false', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(9, '20007', 'hugo@example.com', TRUE, ' YES ', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(10, '20008', 'ida@example.com', TRUE, 'j', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(11, '20009', 'jan@example.com', TRUE, 'TRUE', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(12, '20010', 'kim@example.com', TRUE, 'ok', NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }

    /** A literal for the TIMESTAMP WITH TIME ZONE column, at UTC. */
    String tzLiteral(String utcLocal) {
        return "'" + utcLocal + "+00:00'";
    }

    @AfterEach
    void closeSources() {
        sources.forEach(JdbcCrmSource::close);
        sources.clear();
    }

    JdbcCrmSource source(String query, String keyColumn) {
        return source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN, query, keyColumn, "email",
                "newsletter", "consent_at", 5));
    }

    JdbcCrmSource source(CrmSettings settings) {
        JdbcCrmSource source = new JdbcCrmSource(settings);
        sources.add(source);
        return source;
    }

    static List<CrmContact> read(JdbcCrmSource source, ContactSelection selection) {
        List<CrmContact> contacts = new ArrayList<>();
        source.readContacts(selection, contacts::add);
        contacts.sort(Comparator.comparing(c -> Integer.parseInt(c.attributes().getOrDefault("id", c.key()))));
        return contacts;
    }

    static Map<String, CrmContact> byKey(List<CrmContact> contacts) {
        return contacts.stream().collect(Collectors.toMap(CrmContact::key, Function.identity()));
    }

    // ---- reading

    @Test
    void reads_the_contacts_the_filter_selects_with_attributes_as_text() {
        List<CrmContact> contacts = read(source(QUERY, "id"), new ContactSelection("city = 'Berlin'", null));

        assertThat(contacts).extracting(CrmContact::key).containsExactly("1", "2");
        CrmContact anna = contacts.getFirst();
        assertThat(anna.email()).isEqualTo("anna@example.com");
        assertThat(anna.consent()).isTrue();
        assertThat(anna.attributes()).containsEntry("customer_no", "10023").containsEntry("city", "Berlin")
                .containsEntry("score", "12.5").containsEntry("rating", "3").containsEntry("promo_num", "2")
                .containsEntry("consent_day", "2024-03-01")
                .doesNotContainKeys("id", "email", "newsletter", "consent_at");
        CrmContact ben = contacts.get(1);
        assertThat(ben.consent()).isFalse();
        assertThat(ben.consentAt()).isNull();
        assertThat(ben.attributes()).containsEntry("rating", "2.5").doesNotContainKeys("score", "consent_day");
    }

    @Test
    void reads_every_contact_without_a_filter_and_counts_them() {
        JdbcCrmSource source = source(QUERY, "id");

        assertThat(read(source, ContactSelection.all())).hasSize(12);
        assertThat(source.countContacts()).isEqualTo(12);
        assertThat(byKey(read(source, ContactSelection.all())).get("4").email()).isNull();
    }

    @Test
    void a_selection_narrowed_to_keys_reads_only_those_contacts_and_skips_unknown_keys() {
        JdbcCrmSource source = source(QUERY, "id");

        assertThat(read(source, ContactSelection.all().onlyKeys(Set.of("3", "1", "999")))).extracting(CrmContact::key)
                .containsExactly("1", "3");
        assertThat(read(source, new ContactSelection("city = 'Berlin'", null).onlyKeys(Set.of("1", "3"))))
                .as("the filter still applies").extracting(CrmContact::key).containsExactly("1");
        assertThat(read(source, ContactSelection.all().onlyKeys(Set.of("abc", "2")))).as("a word for a numeric key matches no row")
                .extracting(CrmContact::key).containsExactly("2");
        assertThat(read(source, new ContactSelection(null, "promo_num").onlyKeys(Set.of("3"))).getFirst().consent())
                .as("the selection's consent column").isTrue();
    }

    @Test
    void an_empty_key_set_reads_nothing() {
        JdbcCrmSource source = source("SELECT * FROM no_such_table", "id");

        assertThat(read(source, ContactSelection.all().onlyKeys(Set.of()))).isEmpty();
    }

    @Test
    void keys_are_bound_as_the_key_columns_type() {
        JdbcCrmSource source = source(QUERY, "customer_no");

        assertThat(read(source, ContactSelection.all().onlyKeys(Set.of("010023")))).extracting(CrmContact::key)
                .containsExactly("010023");
        assertThat(read(source(QUERY.replace("SELECT id,", "SELECT id AS Customer_Id,"), "CUSTOMER_ID"),
                ContactSelection.all().onlyKeys(Set.of("12")))).extracting(CrmContact::key).containsExactly("12");
    }

    @Test
    void more_keys_than_one_query_takes_are_read_in_several() {
        db.execute("INSERT INTO customers (id, customer_no, email, newsletter) SELECT id + 100, 'n', 'x@example.com', TRUE "
                + "FROM customers");
        Set<String> keys = IntStream.rangeClosed(1, 1200).mapToObj(Integer::toString).collect(Collectors.toSet());

        List<CrmContact> contacts = read(source(QUERY, "id"), ContactSelection.all().onlyKeys(keys));

        assertThat(keys).hasSizeGreaterThan(2 * JdbcCrmSource.KEYS_PER_QUERY);
        assertThat(contacts).hasSize(24).extracting(CrmContact::key).doesNotHaveDuplicates().contains("1", "112");
    }

    @Test
    void column_names_are_matched_whatever_their_case() {
        JdbcCrmSource source = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN,
                "SELECT id AS Customer_Id, email AS EMail, newsletter AS NewsLetter, city AS City FROM customers",
                "CUSTOMER_ID", "email", "newsletter", null, 0));

        CrmContact anna = byKey(read(source, ContactSelection.all())).get("1");
        assertThat(anna.email()).isEqualTo("anna@example.com");
        assertThat(anna.attributes()).containsOnlyKeys("city");
    }

    @Test
    void the_selections_consent_column_overrides_the_default() {
        Map<String, CrmContact> byDefault = byKey(read(source(QUERY, "id"), ContactSelection.all()));
        Map<String, CrmContact> byPromo = byKey(read(source(QUERY, "id"), new ContactSelection(null, "PROMO_NUM")));

        assertThat(byDefault.get("2").consent()).isFalse();
        assertThat(byPromo.get("1").consent()).isTrue();
        assertThat(byPromo.get("2").consent()).isFalse();
        assertThat(byPromo.get("3").consent()).isTrue();
        assertThat(byPromo.get("5").consent()).isFalse();
        assertThat(byPromo.get("7").consent()).isFalse();
        assertThat(byPromo.get("2").attributes()).containsEntry("newsletter", "false").doesNotContainKey("promo_num");
    }

    @Test
    void consent_is_parsed_from_booleans_numbers_and_words() {
        Map<String, CrmContact> byBoolean = byKey(read(source(QUERY, "id"), ContactSelection.all()));
        Map<String, CrmContact> byWord = byKey(read(source(QUERY, "id"), new ContactSelection(null, "promo_flag")));

        assertThat(byBoolean.get("1").consent()).isTrue();
        assertThat(byBoolean.get("2").consent()).isFalse();
        assertThat(byBoolean.get("3").consent()).as("NULL").isFalse();
        assertThat(List.of("1", "2", "3", "4", "9", "10", "11")).allSatisfy(key -> assertThat(byWord.get(key).consent()).as(key).isTrue());
        assertThat(List.of("5", "6", "7", "8", "12")).allSatisfy(key -> assertThat(byWord.get(key).consent()).as(key).isFalse());
    }

    @Test
    void consent_time_without_zone_is_read_in_the_configured_zone() {
        CrmContact anna = byKey(read(source(QUERY, "id"), ContactSelection.all())).get("1");

        assertThat(anna.consentAt()).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(anna.attributes()).containsEntry("consent_day", "2024-03-01");
    }

    @Test
    void consent_time_as_a_date_is_the_start_of_that_day_in_the_configured_zone() {
        JdbcCrmSource source = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN, QUERY, "id", "email",
                "newsletter", "consent_day", 0));

        assertThat(byKey(read(source, ContactSelection.all())).get("1").consentAt()).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
    }

    @Test
    void consent_time_with_zone_is_taken_as_it_is() {
        assumeTrue(timestampTzType() != null, "no TIMESTAMP WITH TIME ZONE type");
        JdbcCrmSource source = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN, QUERY, "id", "email",
                "newsletter", "consent_at_tz", 0));

        CrmContact anna = byKey(read(source, ContactSelection.all())).get("1");
        assertThat(anna.consentAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(anna.attributes()).as("ISO 8601 text").containsEntry("consent_at", "2024-03-01T10:00:00");
        CrmContact viaDefault = byKey(read(source(QUERY, "id"), ContactSelection.all())).get("1");
        assertThat(viaDefault.attributes()).containsEntry("consent_at_tz", "2024-03-01T10:00:00Z");
    }

    @Test
    void the_same_wall_clock_time_means_another_instant_in_another_zone() {
        JdbcCrmSource utc = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), null, QUERY, "id", "email",
                "newsletter", "consent_at", 0));

        assertThat(byKey(read(utc, ContactSelection.all())).get("1").consentAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    }

    @Test
    void a_missing_key_email_or_consent_column_is_named_with_the_columns_that_exist() {
        JdbcCrmSource source = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN, QUERY, "id", "mail",
                "opt_in", "consent_at", 0));

        assertThatThrownBy(source::checkConnection).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("emailColumn", "consentColumn");
            assertThat(e.getMessage()).contains("'mail'").contains("'opt_in'").contains("id, customer_no, email, newsletter");
        });
        assertThatThrownBy(() -> source.readContacts(ContactSelection.all(), c -> { }))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> source(QUERY, "id").readContacts(new ContactSelection(null, "nope"), c -> { }))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'nope'");
    }

    @Test
    void check_connection_passes_for_a_good_configuration() {
        source(QUERY, "id").checkConnection();
    }

    @Test
    void an_unknown_column_in_the_query_is_a_configuration_error() {
        JdbcCrmSource source = source("SELECT id, email, newsletter, no_such_column FROM customers", "id");

        assertThatThrownBy(source::checkConnection).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("contacts query").hasMessageContaining("no_such_column".substring(0, 7));
        assertThatThrownBy(source::countContacts).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> source(QUERY, "id").readContacts(new ContactSelection("no_such_city = 1", null), c -> { }))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems().getFirst().key()).isEqualTo("filter"))
                .hasMessageContaining("no_such_city".substring(0, 7));
        assertThatThrownBy(() -> source("SELECT id FROM no_such_table", "id").checkConnection())
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> source("SELEKT id FROM customers", "id").checkConnection())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("contacts query");
    }

    // ---- writing back

    @Test
    void write_back_binds_an_integer_key_as_a_number() {
        JdbcCrmSource source = source(QUERY, "id");
        Instant occurred = Instant.parse("2024-05-01T08:00:00Z");

        List<Integer> counts = source.writeBack(List.of(
                new WriteBack("unsubscribed", UNSUBSCRIBED, "1", "anna@example.com", null, occurred, "opt-out", "news")));

        assertThat(counts).containsExactly(1);
        assertThat(row(1)).containsEntry("newsletter", "false").containsEntry("note", "opt-out")
                .containsEntry("unsubscribed_at", "2024-05-01 10:00:00");
    }

    @Test
    void write_back_binds_a_varchar_key_as_text() {
        JdbcCrmSource source = source(QUERY, "customer_no");
        String sql = "UPDATE customers SET email_status = 'faulty' WHERE customer_no = :key";

        List<Integer> counts = source.writeBack(List.of(
                new WriteBack("hardBounce", sql, "10023", "anna@example.com", null, Instant.now(), null, null)));

        assertThat(counts).containsExactly(1);
        assertThat(row(1)).containsEntry("email_status", "faulty");
        assertThat(row(2)).as("customer number 010023 is another customer").containsEntry("email_status", null);
    }

    @Test
    void write_back_learns_the_key_type_from_a_read_as_well() {
        JdbcCrmSource source = source(QUERY, "customer_no");
        read(source, ContactSelection.all());

        assertThat(source.writeBack(List.of(new WriteBack("hardBounce",
                "UPDATE customers SET email_status = 'faulty' WHERE customer_no = :key", "010023", null, null, null, null, null))))
                .containsExactly(1);
        assertThat(row(1)).containsEntry("email_status", null);
    }

    @Test
    void the_same_batch_twice_leaves_the_same_rows() {
        JdbcCrmSource source = source(QUERY, "id");
        Instant occurred = Instant.parse("2024-05-01T08:00:00Z");
        String bounce = "UPDATE customers SET email_status = 'faulty', note = :reason WHERE id = :key AND email = :email";
        List<WriteBack> batch = List.of(
                new WriteBack("unsubscribed", UNSUBSCRIBED, "1", "anna@example.com", null, occurred, "opt-out", "news"),
                new WriteBack("unsubscribed", UNSUBSCRIBED, "3", "cara@example.com", null, occurred, null, "news"),
                new WriteBack("hardBounce", bounce, "5", "dora@example.com", null, occurred, "550 unknown user", "news"),
                new WriteBack("unsubscribed", UNSUBSCRIBED, "6", "emil@example.com", null, null, "opt-out", "news"));

        List<Integer> first = source.writeBack(batch);
        List<Map<String, String>> afterFirst = table();
        List<Integer> second = source.writeBack(batch);

        assertThat(first).containsExactly(1, 1, 1, 1);
        assertThat(second).isEqualTo(first);
        assertThat(table()).isEqualTo(afterFirst);
        assertThat(row(3)).containsEntry("newsletter", "false").containsEntry("note", null);
        assertThat(row(6)).containsEntry("unsubscribed_at", null);
        assertThat(row(5)).containsEntry("email_status", "faulty").containsEntry("note", "550 unknown user");
    }

    @Test
    void a_statement_that_updates_no_row_succeeds_with_zero() {
        JdbcCrmSource source = source(QUERY, "id");
        String bounce = "UPDATE customers SET email_status = 'faulty' WHERE id = :key AND email = :email";

        assertThat(source.writeBack(List.of(new WriteBack("hardBounce", bounce, "999", "x@example.com", null, null, null, null))))
                .containsExactly(0);
        assertThat(source.writeBack(List.of(
                new WriteBack("hardBounce", bounce, "1", "anna@example.com", null, null, null, null),
                new WriteBack("hardBounce", bounce, "2", "old-address@example.com", null, null, null, null),
                new WriteBack("hardBounce", bounce, "3", "cara@example.com", null, null, null, null))))
                .as("per-item counts from one JDBC batch").containsExactly(1, 0, 1);
        assertThat(row(2)).containsEntry("email_status", null);
    }

    @Test
    void alternating_statements_report_each_item_in_order_and_keep_one_contacts_writes_in_order() {
        JdbcCrmSource source = source(QUERY, "id");
        String bounce = "UPDATE customers SET email_status = 'faulty', note = :reason WHERE id = :key AND email = :email";
        String note = "UPDATE customers SET note = :reason WHERE id = :key";

        List<Integer> counts = source.writeBack(List.of(
                new WriteBack("unsubscribed", UNSUBSCRIBED, "1", "anna@example.com", null, null, "first", null),
                new WriteBack("hardBounce", bounce, "2", "old-address@example.com", null, null, "bounce", null),
                new WriteBack("hardBounce", bounce, "3", "cara@example.com", null, null, "bounce", null),
                new WriteBack("note", note, "1", null, null, null, "second", null),
                new WriteBack("unsubscribed", UNSUBSCRIBED, "999", "x@example.com", null, null, null, null)));

        assertThat(counts).containsExactly(1, 0, 1, 1, 0);
        assertThat(row(1)).as("the later write to contact 1 wins").containsEntry("note", "second");
        assertThat(row(3)).containsEntry("email_status", "faulty");
    }

    @Test
    void a_batch_is_one_transaction() {
        JdbcCrmSource source = source(QUERY, "id");
        List<WriteBack> batch = List.of(
                new WriteBack("unsubscribed", UNSUBSCRIBED, "1", "anna@example.com", null, null, "opt-out", null),
                new WriteBack("complaint", "UPDATE customers SET no_such_column = 1 WHERE id = :key", "2", null, null, null, null, null));

        assertThatThrownBy(() -> source.writeBack(batch)).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.problems().getFirst().key()).isEqualTo("complaint");
            assertThat(e.getMessage()).contains("statement 'complaint'").containsIgnoringCase("no_such_column");
        });
        assertThat(row(1)).as("rolled back").containsEntry("newsletter", "true");
    }

    @Test
    void a_value_the_column_cannot_hold_rejects_the_write_back() {
        JdbcCrmSource source = source(QUERY, "id");
        String sql = "UPDATE customers SET note = :reason WHERE id = :key";

        assertThatThrownBy(() -> source.writeBack(List.of(new WriteBack("hardBounce", sql, "1", null, null, null, "x".repeat(300), null))))
                .isInstanceOf(RecordRejectedException.class).hasMessageContaining("statement 'hardBounce' for key 1");
    }

    @Test
    void an_unknown_parameter_is_reported_before_anything_runs() {
        JdbcCrmSource source = source(QUERY, "id");
        List<WriteBack> batch = List.of(
                new WriteBack("unsubscribed", UNSUBSCRIBED, "1", "anna@example.com", null, null, "opt-out", null),
                new WriteBack("complaint", "UPDATE customers SET note = :note WHERE id = :key", "2", null, null, null, null, null));

        assertThatThrownBy(() -> source.writeBack(batch)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("statement 'complaint' uses unknown parameter :note");
        assertThat(row(1)).containsEntry("newsletter", "true");
    }

    @Test
    void an_unreachable_database_is_retriable_and_the_message_holds_no_password() {
        JdbcCrmSource source = source(new CrmSettings(unreachableUrl(), "lb", "s3cret-pw", QUERY, "id", "email", "newsletter"));

        assertThatThrownBy(source::checkConnection).isInstanceOf(RetriableException.class)
                .hasMessageStartingWith("CRM database unreachable: ").message().doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> source.writeBack(List.of(new WriteBack("unsubscribed", UNSUBSCRIBED, "1", null, null, null, null, null))))
                .isInstanceOf(RetriableException.class);
    }

    @Test
    void occurred_at_means_the_same_instant_in_a_timestamp_with_time_zone_column() {
        assumeTrue(timestampTzType() != null, "no TIMESTAMP WITH TIME ZONE type");
        JdbcCrmSource source = source(QUERY, "id");
        String sql = "UPDATE customers SET unsubscribed_at = :occurredAt, unsubscribed_at_tz = :occurredAt WHERE id = :key";

        source.writeBack(List.of(new WriteBack("unsubscribed", sql, "1", null, null, Instant.parse("2024-05-01T08:00:00Z"), null, null)));

        assertThat(row(1)).containsEntry("unsubscribed_at", "2024-05-01 10:00:00");
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT unsubscribed_at_tz FROM customers WHERE id = 1")) {
            rs.next();
            assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- streaming and connection loss

    @Test
    void reading_streams_a_million_rows_through_a_small_heap() throws Exception {
        String query = generatedContactsQuery(1_000_000);
        assumeTrue(query != null, "no streaming on this database");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(javaCommand, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback-test.xml", StreamingReader.class.getName(),
                db.jdbcUrl(), db.user(), db.password(), query, "1000")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();

        assertThat(output).as("exit %s", exit).contains("contacts=1000000");
        assertThat(exit).isZero();
    }

    @Test
    void a_connection_dropped_while_reading_is_retriable() {
        String query = generatedContactsQuery(200_000);
        assumeTrue(query != null, "no streaming on this database");
        JdbcCrmSource source = source(new CrmSettings(db.jdbcUrl(), db.user(), db.password(), BERLIN, query, "id", "email",
                "newsletter", null, 100));
        AtomicInteger seen = new AtomicInteger();

        assertThatThrownBy(() -> source.readContacts(ContactSelection.all(), contact -> {
            if (seen.incrementAndGet() == 1) {
                assertThat(killOtherConnections()).isTrue();
            }
        })).isInstanceOf(RetriableException.class).hasMessageStartingWith("CRM database unreachable: ");
        assertThat(seen.get()).as("rows arrive in portions, not all before the first").isLessThan(200_000);
    }

    // ---- helpers

    /** One row of the customers table, every column as the driver's text. */
    Map<String, String> row(int id) {
        return table().stream().filter(r -> r.get("id").equals(Integer.toString(id))).findFirst().orElseThrow();
    }

    List<Map<String, String>> table() {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, newsletter, note, email_status, unsubscribed_at, unsubscribed_at_tz "
                     + "FROM customers ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new HashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    if (value != null && (md.getColumnType(i) == Types.BOOLEAN || md.getColumnType(i) == Types.BIT)) {
                        value = Boolean.toString(rs.getBoolean(i));
                    }
                    if (value != null && value.matches("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(:\\d\\d)?(\\.0+)?")) {
                        value = value.replace('T', ' ').replaceAll("\\.0+$", "");
                        value = value.length() == 16 ? value + ":00" : value;
                    }
                    row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
