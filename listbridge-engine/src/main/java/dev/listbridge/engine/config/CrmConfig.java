package dev.listbridge.engine.config;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CRM database, section {@code crm} (DESIGN.md 7).
 *
 * @param url       required: the JDBC URL; a relative file path in an SQLite or H2 URL is resolved against
 *                  the config file's folder
 * @param user      optional: the database user; null when absent
 * @param password  optional, secret: the password, usually {@code ${CRM_PASSWORD}}; null when absent
 * @param timeZone  the zone CRM timestamps without zone are read in; default UTC
 * @param capture   change capture: {@code diff} (the default), {@code watermark} or {@code queue}
 * @param contacts  required: how contacts are read
 * @param writeBack statement name → named-parameter SQL, in the file's order; each optional, names from
 *                  {@link #WRITE_BACK_STATEMENTS}; empty when absent
 * @param fetchSize rows fetched per round trip while streaming; default 1000
 * @param pollInterval how often the {@code watermark} and {@code queue} capture modes look for changes where
 *                  nothing wakes them (every database but PostgreSQL in {@code queue} mode); default 2s
 */
public record CrmConfig(String url, String user, String password, ZoneId timeZone, String capture,
                        ContactsConfig contacts, Map<String, String> writeBack, int fetchSize, Duration pollInterval) {

    /** The write-back statements Listbridge knows (DESIGN.md 7). */
    public static final List<String> WRITE_BACK_STATEMENTS = List.of("unsubscribed", "hardBounce", "softBounce",
            "complaint", "confirmed", "addressChanged", "signup");
    /** The change capture modes. */
    public static final List<String> CAPTURE_MODES = List.of("diff", "watermark", "queue");
    public static final int DEFAULT_FETCH_SIZE = 1000;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    public CrmConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(contacts, "contacts");
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        capture = capture == null ? "diff" : capture;
        if (!CAPTURE_MODES.contains(capture)) {
            throw new IllegalArgumentException("capture must be one of " + CAPTURE_MODES + ", was " + capture);
        }
        writeBack = writeBack == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(writeBack));
        if (fetchSize <= 0) {
            throw new IllegalArgumentException("fetchSize must be positive, was " + fetchSize);
        }
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    /** A config with the default poll interval. */
    public CrmConfig(String url, String user, String password, ZoneId timeZone, String capture,
                     ContactsConfig contacts, Map<String, String> writeBack, int fetchSize) {
        this(url, user, password, timeZone, capture, contacts, writeBack, fetchSize, null);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CrmConfig[url=" + Secrets.maskUrl(url) + ", user=" + user + ", password=" + Secrets.mask(password)
                + ", timeZone=" + timeZone + ", capture=" + capture + ", contacts=" + contacts + ", writeBack="
                + writeBack + ", fetchSize=" + fetchSize + ", pollInterval=" + Durations.format(pollInterval) + "]";
    }
}
