package dev.listbridge.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded, validated config file (see {@link ConfigLoader}; {@link ExampleConfig} has a commented example).
 *
 * @param file      the config file, absolute; relative paths in it are resolved against its folder
 * @param stateUrl  key {@code state}: the state store's JDBC URL; default {@code jdbc:sqlite:./data/listbridge.db},
 *                  a relative SQLite or H2 file path resolved against the config file's folder
 * @param crm       required section {@code crm}
 * @param tools     required section {@code tools}: name → tool, in the file's order, at least one
 * @param audiences required section {@code audiences}: name → audience, in the file's order, at least one
 * @param server    optional section {@code server}: the daemon's HTTP server
 * @param retry     optional section {@code retry}: backoff for calls to tools and the CRM
 * @param retention key {@code retention}: how long the state store keeps finished writes, applied event ids, run
 *                  records and handled webhook receipts; default {@link #DEFAULT_RETENTION}, at least
 *                  {@link #MIN_RETENTION}
 */
public record ListbridgeConfig(Path file, String stateUrl, CrmConfig crm, Map<String, ToolConfig> tools,
                               Map<String, AudienceConfig> audiences, ServerConfig server, RetryConfig retry,
                               Duration retention) {

    public static final String DEFAULT_STATE_URL = "jdbc:sqlite:./data/listbridge.db";
    /** 30 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /**
     * The shortest retention: applied event ids must outlive the pull's overlap, a tool's webhook retries (hours) and
     * the webhook receipts {@code inbox replay} may process again (kept a day less than the retention).
     */
    public static final Duration MIN_RETENTION = Duration.ofDays(2);

    public ListbridgeConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(stateUrl, "stateUrl");
        Objects.requireNonNull(crm, "crm");
        tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
        audiences = Collections.unmodifiableMap(new LinkedHashMap<>(audiences));
        server = server == null ? ServerConfig.defaults() : server;
        retry = retry == null ? RetryConfig.defaults() : retry;
        retention = retention == null ? DEFAULT_RETENTION : retention;
        if (retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("retention must be at least " + MIN_RETENTION.toDays() + " days, was "
                    + retention);
        }
    }

    /**
     * The effective config, defaults included, as YAML-like text for {@code check}; every secret is
     * shown as {@code ****}.
     */
    public String describe() {
        return ConfigDescription.of(this);
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        return "ListbridgeConfig[file=" + file + ", stateUrl=" + Secrets.maskUrl(stateUrl) + ", crm=" + crm
                + ", tools=" + tools + ", audiences=" + audiences + ", server=" + server + ", retry=" + retry + ", retention="
                + retention + "]";
    }
}
