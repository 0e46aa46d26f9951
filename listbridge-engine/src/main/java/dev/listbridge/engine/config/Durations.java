package dev.listbridge.engine.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the config writes them: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 36h}, {@code 7d} or ISO-8601. */
public final class Durations {
    static final String EXPECTED = "expected a duration like 500ms, 2s, 1m, 36h or 7d";
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when the text is no duration */
    static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = SHORT.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException(EXPECTED);
    }

    /** The shortest config spelling: {@code 7d}, {@code 36h}, {@code 1500ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
