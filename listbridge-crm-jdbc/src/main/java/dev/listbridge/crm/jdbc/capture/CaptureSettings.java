package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How changes are captured; the key column comes from the CRM settings (the table's column of that
 * name carries the key).
 *
 * @param mode            {@code crm.capture}
 * @param table           {@code crm.contacts.table} (or the table the contacts query reads), required in
 *                        {@code queue} and {@code watermark} mode
 * @param updatedAtColumn {@code crm.contacts.updatedAt}, required in {@code watermark} mode
 * @param pollInterval    {@code crm.pollInterval}: how long a wait lasts where nothing wakes it; null means 2s
 */
public record CaptureSettings(CaptureMode mode, String table, String updatedAtColumn, Duration pollInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    /** @throws InvalidConfigException naming each config key that is missing for the mode */
    public CaptureSettings {
        Objects.requireNonNull(mode, "mode");
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new InvalidConfigException("crm.pollInterval", "must be longer than zero; was " + pollInterval);
        }
        table = blankToNull(table);
        updatedAtColumn = blankToNull(updatedAtColumn);
        List<ConfigProblem> problems = new ArrayList<>();
        if (mode != CaptureMode.DIFF && table == null) {
            problems.add(new ConfigProblem("crm.contacts.table", mode.name().toLowerCase(Locale.ROOT)
                    + " capture needs the table whose rows carry the key"));
        }
        if (mode == CaptureMode.WATERMARK && updatedAtColumn == null) {
            problems.add(new ConfigProblem("crm.contacts.updatedAt", "watermark capture needs the column holding when a row changed"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
