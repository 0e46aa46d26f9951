package dev.listbridge.store;

/** One recorded cycle; {@code summary} is the engine's JSON. */
public record RunRow(long id, String audience, String kind, long startedAt, Long finishedAt, String outcome, String summary) {
}
