package dev.listbridge.store;

/**
 * An address that must not be (re)subscribed without consent newer than {@code occurredAt}.
 *
 * @param scope  the audience, or {@code *} for every audience (hard bounces, complaints)
 * @param reason {@code unsubscribed}, {@code hard_bounce}, {@code complaint}
 * @param source where it was learned: e.g. {@code mailchimp:event} (pulled), {@code mailchimp:webhook} (pushed), {@code mailchimp:import}
 */
public record SuppressionRow(long id, String scope, String emailKey, String reason, String source, long occurredAt,
                             long recordedAt, Long liftedAt) {
    public static final String EVERYWHERE = "*";
}
