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
        Instant wire = wireShape(text);
        if (wire != null) {
            return wire;
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

    /**
     * The shape every member carries ({@code 2015-10-21T15:41:36+00:00}) read digit by digit, or null for
     * anything else (then parsed in full). An event pull reads one per member, and the general parser
     * was a tenth of the pull's time.
     */
    private static Instant wireShape(String text) {
        if (text.length() != 25 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(22) != ':'
                || text.charAt(19) != '+' && text.charAt(19) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int offsetHours = digits(text, 20, 2);
        int offsetMinutes = digits(text, 23, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
            return null;
        }
        long local = java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second;
        long offset = (offsetHours * 3_600L + offsetMinutes * 60L) * (text.charAt(19) == '-' ? -1 : 1);
        return Instant.ofEpochSecond(local - offset);
    }

    /** The number {@code length} decimal digits at {@code from} spell, or -1 when one is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
