package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.crm.jdbc.ColumnKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WatermarkPositionTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void a_position_is_a_value_and_optionally_the_key_after_which_rows_at_that_value_go_on() {
        WatermarkPosition at = WatermarkPosition.parse("2024-03-01T10:00:00.123456", ColumnKind.TIMESTAMP);
        WatermarkPosition after = WatermarkPosition.parse("2024-03-01T10:00:00|A|B", ColumnKind.TIMESTAMP);

        assertThat(at).isEqualTo(new WatermarkPosition(LocalDateTime.parse("2024-03-01T10:00:00.123456"), null));
        assertThat(after.afterKey()).isEqualTo("A|B");
        assertThat(WatermarkPosition.parse("2024-03-01T10:00:00Z", ColumnKind.TIMESTAMP_TZ).end(BERLIN))
                .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    }

    @Test
    void local_values_are_read_in_the_crms_zone_and_a_date_lasts_the_day() {
        assertThat(WatermarkPosition.parse("2024-03-01T10:00:00", ColumnKind.TIMESTAMP).end(BERLIN))
                .isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(new WatermarkPosition(LocalDate.parse("2024-03-01"), null).end(BERLIN)).isEqualTo(Instant.parse("2024-03-01T23:00:00Z"));
    }

    @Test
    void text_that_is_no_position_reads_as_none() {
        assertThat(WatermarkPosition.parse("12345", ColumnKind.TIMESTAMP)).isNull();
        assertThat(WatermarkPosition.parse(null, ColumnKind.TIMESTAMP)).isNull();
    }
}
