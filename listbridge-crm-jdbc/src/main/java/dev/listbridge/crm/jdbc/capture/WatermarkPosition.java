package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.ColumnKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;

/**
 * Where a watermark feed stands: an updated-at value, and the key after which rows with exactly that
 * value go on (null: rows at that value are read again). Written as ISO 8601 text, then
 * {@value #SEPARATOR} and the key.
 *
 * @param value    a {@link LocalDateTime}, {@link OffsetDateTime} or {@link LocalDate}, as the column holds it
 * @param afterKey the last key handed out at {@code value}, or null
 */
record WatermarkPosition(Temporal value, String afterKey) {
    static final String SEPARATOR = "|";

    /** The position written as {@code text}, read for a column of that kind; null for null or text that is no such position. */
    static WatermarkPosition parse(String text, ColumnKind kind) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int separator = text.indexOf(SEPARATOR);
        String value = separator < 0 ? text : text.substring(0, separator);
        String key = separator < 0 ? null : text.substring(separator + 1);
        try {
            Temporal parsed = switch (kind) {
                case DATE -> LocalDate.parse(value);
                case TIMESTAMP_TZ -> OffsetDateTime.parse(value);
                default -> LocalDateTime.parse(value);
            };
            return new WatermarkPosition(parsed, key);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The last instant the value stands for: a date lasts until its end, read in the CRM's zone. */
    Instant end(ZoneId zone) {
        return switch (value) {
            case OffsetDateTime offset -> offset.toInstant();
            case LocalDateTime local -> local.atZone(zone).toInstant();
            case LocalDate date -> date.plusDays(1).atStartOfDay(zone).toInstant();
            default -> throw new IllegalStateException("no watermark value: " + value);
        };
    }
}
