package dev.listbridge.store;

/**
 * One recorded cycle.
 *
 * @param kind       {@code sync}, {@code plan}, {@code incremental} or {@code webhook}
 * @param finishedAt null while it runs (or when its process died)
 * @param summary    JSON: counts, samples, messages; null while it runs
 */
public record RunRow(long id, String audience, String kind, long startedAt, Long finishedAt, String outcome, String summary) {
}
