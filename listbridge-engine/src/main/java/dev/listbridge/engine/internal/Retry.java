package dev.listbridge.engine.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.listbridge.engine.config.RetryConfig;
import dev.listbridge.spi.RetriableException;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that fail with a {@link RetriableException} (429, 5xx, timeouts, resets), with
 * exponential backoff and jitter, honouring the tool's Retry-After. The last failure is rethrown.
 */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    private final RetryPolicy<Object> policy;

    public Retry(RetryConfig config) {
        Duration initial = config.initialDelay();
        Duration max = config.maxDelay().compareTo(initial) > 0 ? config.maxDelay() : initial.plusMillis(1);
        this.policy = RetryPolicy.builder()
                .handle(RetriableException.class)
                .withMaxAttempts(config.maxAttempts())
                .withBackoff(initial, max)
                .withJitter(0.25)
                // A negative duration tells Failsafe to use the backoff; never return null here.
                .withDelayFn(context -> context.getLastException() instanceof RetriableException retriable
                        ? retriable.retryAfter().filter(d -> d.compareTo(max) <= 0).orElse(Duration.ofMillis(-1))
                        : Duration.ofMillis(-1))
                .build();
    }

    /**
     * Runs {@code call}, retrying it as configured.
     *
     * @param what the call in a few words, for the log of retries
     */
    public <T> T call(String what, Supplier<T> call) {
        RetryPolicy<Object> logged = RetryPolicy.builder(policy.getConfig())
                .onRetry(event -> LOG.warn("{}: retrying after {} (attempt {})", what,
                        event.getLastException().getMessage(), event.getAttemptCount()))
                .onRetryScheduled(event -> {
                    if (event.getLastException() instanceof RetriableException e && e.httpStatus() == 429) {
                        // The daemon's /metrics shows it; a no-op registry in one-off commands.
                        Metrics.counter("listbridge.rate_limit.wait", "call", what)
                                .increment(event.getDelay().toMillis() / 1000.0);
                    }
                })
                .build();
        return Failsafe.with(logged).get(call::get);
    }
}
