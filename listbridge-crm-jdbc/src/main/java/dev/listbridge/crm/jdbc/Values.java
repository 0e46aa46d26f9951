package dev.listbridge.crm.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Column values as Listbridge sees them: text, consent flags and consent times. Public for the
 * change capture package of this module, not an API.
 */
public final class Values {

    private static final Set<String> YES = Set.of("true", "yes", "y", "ja", "j", "1", "t");

    private Values() {
    }

    /**
     * The value of column {@code index} as text, or null for SQL NULL: numbers without trailing
     * zeros ({@code 42}, not {@code 42.0}), booleans as {@code true}/{@code false}, dates and times in
     * ISO 8601.
     */
    public static String text(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        if (kind.isTemporal()) {
            String temporal = temporalText(rs, index, kind);
            if (temporal != null || rs.wasNull()) {
                return temporal;
            }
        }
        Object value = rs.getObject(index);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Short s -> s.toString();
            case Byte b -> b.toString();
            case BigInteger b -> b.toString();
            case BigDecimal d -> plain(d);
            case Double d -> d.isNaN() || d.isInfinite() ? d.toString() : plain(new BigDecimal(d.toString()));
            case Float f -> f.isNaN() || f.isInfinite() ? f.toString() : plain(new BigDecimal(f.toString()));
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            default -> rs.getString(index);
        };
    }

    private static String temporalText(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        try {
            return switch (kind) {
                case DATE -> format(rs.getObject(index, LocalDate.class), DateTimeFormatter.ISO_LOCAL_DATE);
                case TIME -> format(rs.getObject(index, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME);
                case TIME_TZ -> format(rs.getObject(index, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
                case TIMESTAMP -> format(rs.getObject(index, LocalDateTime.class), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                case TIMESTAMP_TZ -> format(rs.getObject(index, OffsetDateTime.class), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                default -> null;
            };
        } catch (SQLException | RuntimeException e) {
            // a value the driver cannot convert (MariaDB's zero date, say): its own text then
            return rs.getString(index);
        }
    }

    private static String format(java.time.temporal.TemporalAccessor value, DateTimeFormatter formatter) {
        return value == null ? null : formatter.format(value);
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /**
     * Whether a consent value means yes: true, a non-zero number, or one of {@code true yes y ja j 1 t}
     * (any case). NULL and everything else mean no.
     */
    static boolean consent(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case BigDecimal d -> d.signum() != 0;
            case BigInteger i -> i.signum() != 0;
            case Double d -> d != 0.0;
            case Float f -> f != 0.0f;
            case Number n -> n.longValue() != 0;
            case String s -> YES.contains(s.strip().toLowerCase(Locale.ROOT));
            default -> YES.contains(value.toString().strip().toLowerCase(Locale.ROOT));
        };
    }

    /**
     * The instant of a consent-time column: a timestamp without zone and a date (at the start of the
     * day) are in {@code zone}; a timestamp with zone is taken as is; text is parsed as ISO 8601
     * (a space between date and time is accepted). Null for NULL or unparseable text.
     */
    static Instant instant(ResultSet rs, int index, ColumnKind kind, ZoneId zone) throws SQLException {
        switch (kind) {
            case TIMESTAMP -> {
                LocalDateTime value = rs.getObject(index, LocalDateTime.class);
                return value == null ? null : value.atZone(zone).toInstant();
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
                return value == null ? null : value.toInstant();
            }
            case DATE -> {
                LocalDate value = rs.getObject(index, LocalDate.class);
                return value == null ? null : value.atStartOfDay(zone).toInstant();
            }
            default -> {
                return parseInstant(rs.getString(index), zone);
            }
        }
    }

    static Instant parseInstant(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String iso = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(iso).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }
}
