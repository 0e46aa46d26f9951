package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void consent_is_yes_for_true_non_zero_numbers_and_yes_words() {
        for (Object yes : new Object[] {true, 1, -1, 2L, new BigDecimal("0.5"), 1.0, "true", "YES", " y ", "Ja", "j", "1", "t", "T"}) {
            assertThat(Values.consent(yes)).as("%s", yes).isTrue();
        }
    }

    @Test
    void consent_is_no_for_null_false_zero_and_anything_else() {
        for (Object no : new Object[] {null, false, 0, 0L, BigDecimal.ZERO, new BigDecimal("0.00"), 0.0, "", "false", "no", "n", "nein", "0", "ok", "yes please"}) {
            assertThat(Values.consent(no)).as("%s", no).isFalse();
        }
    }

    @Test
    void consent_times_in_text_are_parsed_as_iso_in_the_zone_unless_they_carry_an_offset() {
        assertThat(Values.parseInstant("2024-03-01 10:00:00", BERLIN)).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(Values.parseInstant("2024-03-01T10:00", BERLIN)).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(Values.parseInstant("2024-03-01T10:00:00Z", BERLIN)).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(Values.parseInstant("2024-03-01T10:00:00+02:00", BERLIN)).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
        assertThat(Values.parseInstant("2024-03-01", BERLIN)).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
        assertThat(Values.parseInstant("yesterday", BERLIN)).isNull();
        assertThat(Values.parseInstant(null, BERLIN)).isNull();
    }

    @Test
    void settings_name_every_missing_setting_and_default_the_rest() {
        assertThatThrownBy(() -> new CrmSettings(" ", null, null, null, "", "id", null, "ok", null, 0))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key).containsExactly("url", "contactsQuery", "emailColumn"));
        CrmSettings settings = new CrmSettings("jdbc:h2:mem:x", "sa", "pw", "SELECT 1", "id", "email", "ok");
        assertThat(settings.timeZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(settings.fetchSize()).isEqualTo(1000);
        assertThat(settings.toString()).doesNotContain("pw,").contains("password=****");
    }

    @Test
    void secrets_are_masked_in_urls_and_messages() {
        assertThat(Secrets.mask("jdbc:postgresql://db/crm?user=lb&password=s3cret&ssl=true", null))
                .isEqualTo("jdbc:postgresql://db/crm?user=lb&password=****&ssl=true");
        assertThat(Secrets.mask("jdbc:sqlserver://db;user=lb;Password=s3cret;encrypt=true", null))
                .isEqualTo("jdbc:sqlserver://db;user=lb;Password=****;encrypt=true");
        assertThat(Secrets.mask("login failed for s3cret-pw", "s3cret-pw")).isEqualTo("login failed for ****");
    }
}
