package dev.listbridge.spi;

/**
 * What a tool can do; the planner reads these. Defaults are cautious: see {@link #minimal()}.
 *
 * @param maxBatchSize     the most members one upsert / unsubscribe / tag call may carry
 * @param maxConcurrency   the most simultaneous requests the tool accepts for one account (the engine sends an
 *                         audience's batch writes up to four calls at a time within it)
 * @param rename           whether an address can be changed in place, keeping the member's history
 * @param doubleOptIn      whether {@link SubscriptionStatus#PENDING} makes the tool send a confirmation mail
 * @param webhooks         whether the tool can push events to Listbridge
 * @param remoteKeyField   whether the CRM key can be stored on the member (merge field, ext_id, ...)
 * @param tags             whether members can carry tags
 * @param archive          whether members can be archived (kept, but out of the audience)
 * @param utf8LocalPart    whether addresses with a non-ASCII local part (SMTPUTF8) are accepted
 * @param memberRead       whether {@link ToolConnector#readMember} reads the member at one address
 *                         (since 1.3; a connector of SPI 1.2 uses the nine-argument constructor: false)
 */
public record Capabilities(
        int maxBatchSize,
        int maxConcurrency,
        boolean rename,
        boolean doubleOptIn,
        boolean webhooks,
        boolean remoteKeyField,
        boolean tags,
        boolean archive,
        boolean utf8LocalPart,
        boolean memberRead) {

    public Capabilities {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
    }

    /** The capabilities of SPI 1.2: no single-member read. */
    public Capabilities(int maxBatchSize, int maxConcurrency, boolean rename, boolean doubleOptIn, boolean webhooks,
                        boolean remoteKeyField, boolean tags, boolean archive, boolean utf8LocalPart) {
        this(maxBatchSize, maxConcurrency, rename, doubleOptIn, webhooks, remoteKeyField, tags, archive, utf8LocalPart,
                false);
    }

    /** One member a call, one call at a time, nothing optional. */
    public static Capabilities minimal() {
        return new Capabilities(1, 1, false, false, false, false, false, false, false, false);
    }
}
