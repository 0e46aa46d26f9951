package dev.listbridge.mailchimp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MailchimpTimeTest {

    @Test
    void the_wire_shape_reads_as_the_general_parser_reads_it() {
        Random random = new Random(2026);
        DateTimeFormatter wire = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60);
            String text = wire.format(instant.atOffset(offset));

            assertThat(MailchimpTime.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant()).isEqualTo(instant);
        }
    }

    @Test
    void other_shapes_and_nonsense() {
        assertThat(MailchimpTime.parse("2015-10-21T15:41:36+00:00")).isEqualTo(Instant.parse("2015-10-21T15:41:36Z"));
        assertThat(MailchimpTime.parse("2015-10-21T17:41:36+02:00")).isEqualTo(Instant.parse("2015-10-21T15:41:36Z"));
        assertThat(MailchimpTime.parse("2015-10-21T15:41:36-01:30")).isEqualTo(Instant.parse("2015-10-21T17:11:36Z"));
        assertThat(MailchimpTime.parse("2015-10-21 15:41:36")).isEqualTo(Instant.parse("2015-10-21T15:41:36Z"));
        assertThat(MailchimpTime.parse("2015-10-21T15:41:36Z")).isEqualTo(Instant.parse("2015-10-21T15:41:36Z"));
        assertThat(MailchimpTime.parse("2016-02-29T00:00:00+00:00")).isEqualTo(Instant.parse("2016-02-29T00:00:00Z"));
        assertThat(MailchimpTime.parse("2015-02-29T00:00:00+00:00")).isNull();
        assertThat(MailchimpTime.parse("2015-13-01T00:00:00+00:00")).isNull();
        assertThat(MailchimpTime.parse("2015-10-21T24:00:00+00:00")).isNull();
        assertThat(MailchimpTime.parse("2015-1a-21T15:41:36+00:00")).isNull();
        assertThat(MailchimpTime.parse("")).isNull();
        assertThat(MailchimpTime.parse(null)).isNull();
    }
}
