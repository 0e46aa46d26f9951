package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Mailchimp's way of writing and reading times: to the second, with an explicit {@code +00:00}
 * offset ("2026-11-23T09:41:02+00:00"); unknown times are the empty string, not null.
 */
public final class Timestamps {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** Webhooks use another format for {@code fired_at}: "2009-03-26 21:35:57". */
    private static final DateTimeFormatter WEBHOOK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? "" : WIRE.format(instant.atOffset(ZoneOffset.UTC));
    }

    public static String formatWebhook(Instant instant) {
        return WEBHOOK.format(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * Reads an ISO 8601 time as Mailchimp's filters accept it: with an offset, without one (UTC),
     * or a bare date (midnight UTC). Empty when the text is not such a time.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException notWithOffset) {
            // fall through to the other accepted shapes
        }
        try {
            return Optional.of(LocalDateTime.parse(trimmed.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            // fall through
        }
        try {
            return Optional.of(LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
