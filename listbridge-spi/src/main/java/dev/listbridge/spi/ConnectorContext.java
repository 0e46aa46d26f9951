package dev.listbridge.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a connector gets from the runtime.
 *
 * @param name           the tool's name under {@code tools:} in the config (for messages and logs)
 * @param config         its config section, {@code ${VAR}} already substituted
 * @param clock          the clock to use for every notion of now
 * @param requestTimeout how long one HTTP request may take before it counts as a (retriable) timeout
 */
public record ConnectorContext(String name, Map<String, String> config, Clock clock, Duration requestTimeout) {
    public ConnectorContext {
        Objects.requireNonNull(name, "name");
        config = Map.copyOf(config);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
}
