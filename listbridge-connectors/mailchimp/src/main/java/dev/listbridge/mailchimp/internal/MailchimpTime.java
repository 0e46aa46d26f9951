package dev.listbridge.mailchimp.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as Mailchimp writes them: ISO 8601 to the second with an offset
 * ({@code 2015-10-21T15:41:36+00:00}); some resources use {@code 2015-10-21 15:41:36} (UTC).
 */
public final class MailchimpTime {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private MailchimpTime() {
    }

    /** The filter value for an epoch second, e.g. {@code 2015-10-21T15:41:36+00:00}. */
    public static String format(long epochSecond) {
        return WIRE.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    /** The instant a Mailchimp time names, or null when the text is empty or not a time. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(trimmed.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }
}
