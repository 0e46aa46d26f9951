package dev.listbridge.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One configured connection to a newsletter tool.
 *
 * <h2>Lifecycle and threading</h2>
 * <ol>
 *   <li>The runtime creates the instance through {@link ToolConnectorProvider#create}; creating it
 *       makes no remote call.</li>
 *   <li>{@link #checkConnection()} may be called to test credentials.</li>
 *   <li>Before the first write to an audience the engine calls {@link #prepareAudience}; it must be
 *       idempotent (creating a missing field once, doing nothing the next time).</li>
 *   <li>Reads and writes may be called from several threads at once; the connector itself keeps to
 *       the tool's connection limit ({@link Capabilities#maxConcurrency()}).</li>
 *   <li>Writes must be idempotent in effect: the engine replays a write whose acknowledgement was
 *       lost (after a crash or a timeout), and the same batch applied twice must leave the same
 *       remote state.</li>
 *   <li>{@link #close()} frees connections and threads; no call follows it.</li>
 * </ol>
 *
 * <h2>Errors</h2>
 * Connectors classify, the engine decides: {@link RetriableException} for 429, 5xx, timeouts and
 * resets (the engine retries with backoff), marked {@link RetriableException#notCarriedOut()} only where
 * the failure proves the tool did nothing (SPI 1.3), made with {@link RetriableException#answerLost} where a
 * success answer began and was lost (SPI 1.4); {@link PermanentException} for bad credentials or a
 * missing audience; per-record refusals are {@link WriteOutcome.Rejected} entries in a batch result
 * (or a {@link RecordRejectedException} from single-record calls). Connectors do not retry.
 */
public interface ToolConnector extends AutoCloseable {

    Capabilities capabilities();

    /**
     * Makes one cheap authenticated call.
     *
     * @throws PermanentException on bad credentials
     * @throws RetriableException when the tool cannot be reached
     */
    void checkConnection();

    /**
     * Describes one audience.
     *
     * @throws PermanentException if it does not exist
     */
    AudienceInfo describeAudience(String audienceId);

    /**
     * Makes sure the audience can hold the given fields (e.g. creates the merge field that carries the
     * CRM key). Idempotent.
     */
    void prepareAudience(String audienceId, Set<String> fields);

    /**
     * Creates or updates members, at most {@link Capabilities#maxBatchSize()} per call.
     *
     * @return one outcome per write, in any order
     */
    List<WriteOutcome> upsert(String audienceId, List<MemberWrite> writes);

    /**
     * Changes a member's address in place, keeping its history (only when
     * {@link Capabilities#rename()}).
     *
     * @return the member id after the change
     * @throws RecordRejectedException if the tool refuses (e.g. the new address is already a member)
     */
    String rename(String audienceId, Address from, Address to);

    /**
     * Archives members (they stay in the tool, out of the audience). Archiving a member that is
     * already archived or absent is a success.
     */
    List<WriteOutcome> archive(String audienceId, List<Address> addresses);

    /**
     * Adds and removes one tag, at most {@link Capabilities#maxBatchSize()} addresses per list.
     * Only tags Listbridge manages are ever passed here.
     */
    List<WriteOutcome> tag(String audienceId, String tag, List<Address> add, List<Address> remove);

    /**
     * Reads one page of members (all statuses except archived).
     *
     * @param pageToken null for the first page
     */
    MemberPage readMembers(String audienceId, String pageToken);

    /**
     * Reads the member the tool holds at one address, whatever its status (archived included), with one call
     * (only when {@link Capabilities#memberRead()}). The engine reads this way where a poll cannot tell which
     * member moved: a member at an unknown address carrying a contact's CRM key is that contact's current
     * member changing its address in the tool only if no member is left at the current address (an older,
     * retired member of the same contact may carry the key too, and a poll shows only what changed).
     *
     * @return the member at {@code address}, or empty when the tool holds none there
     * @throws RetriableException when the tool cannot be reached
     * @throws PermanentException on bad credentials (a tool that answers a missing audience as it answers a
     *                            missing member, as Mailchimp does, may return empty for it)
     * @since 1.3
     */
    default Optional<RemoteMember> readMember(String audienceId, Address address) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read single members");
    }

    /**
     * Reads one page of events that happened strictly after {@code since} (all known events when null).
     * The engine pulls with an overlapping window and deduplicates by {@link ToolEvent#eventId()}, so
     * returning an event twice is harmless and missing one is not.
     *
     * @param pageToken null for the first page
     */
    EventPage readEvents(String audienceId, Instant since, String pageToken);

    /**
     * Verifies and parses one webhook request the tool sent for an audience (only when
     * {@link Capabilities#webhooks()}). Must be cheap and make no remote call: the runtime calls it while
     * the tool waits for the answer, and again when it replays a stored receipt.
     *
     * <p>Event ids must be stable for the same request body, so that a redelivered webhook is recognised;
     * the engine also treats an event that leaves the member as the tool last reported it as already applied,
     * so an event that arrives both by webhook and by {@link #readEvents} is applied once in effect.
     *
     * <p>The engine takes every event a webhook carries for an action of the recipient or of a person in the
     * tool, never for Listbridge's own write coming back (since 1.3; it relies on {@link #installWebhook}
     * registering webhooks without the events API calls cause): an unsubscribe received over the status
     * Listbridge wrote, or over one whose write is unacknowledged, is the recipient's opt-out. A tool whose
     * webhooks cannot leave out the events of API calls must not return those events here.
     *
     * @param signingSecret the audience's configured signing secret, or null when none is configured (then
     *                      a signature, if present, is not checked)
     * @return the events the request carries, possibly none (e.g. a validation GET or an event kind
     *         Listbridge does not use)
     * @throws WebhookRejectedException for a malformed request or a wrong signature
     * @since 1.1
     */
    default List<ToolEvent> parseWebhook(String audienceId, WebhookRequest request, String signingSecret) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not receive webhooks");
    }

    /**
     * Registers {@code url} as the audience's webhook in the tool, for the events Listbridge uses, with
     * events caused by API calls (Listbridge's own writes) turned off so they do not echo back.
     * Idempotent: an existing registration of the same URL is kept (or updated) rather than duplicated.
     *
     * @throws PermanentException when the tool refuses the URL or the credentials
     * @since 1.1
     */
    default WebhookInstallation installWebhook(String audienceId, String url) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support webhooks");
    }

    /** Frees resources. Does not throw checked exceptions. */
    @Override
    void close();
}
