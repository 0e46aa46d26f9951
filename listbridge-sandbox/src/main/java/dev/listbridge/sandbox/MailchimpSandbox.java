package dev.listbridge.sandbox;

import dev.listbridge.sandbox.internal.api.MailchimpRoutes;
import dev.listbridge.sandbox.internal.control.ControlApi;
import dev.listbridge.sandbox.internal.http.ApiGateway;
import dev.listbridge.sandbox.internal.http.ApiKeyAuth;
import dev.listbridge.sandbox.internal.http.CallCounter;
import dev.listbridge.sandbox.internal.http.FaultBook;
import dev.listbridge.sandbox.internal.http.InFlightLimiter;
import dev.listbridge.sandbox.internal.http.RequestLog;
import dev.listbridge.sandbox.internal.http.ShutdownSignal;
import dev.listbridge.sandbox.internal.http.SandboxServer;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.Member;
import dev.listbridge.sandbox.internal.model.RecipientActions;
import dev.listbridge.sandbox.internal.model.Segment;
import dev.listbridge.sandbox.internal.webhook.WebhookDispatcher;
import dev.listbridge.sandbox.internal.webhook.WebhookUrlValidator;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * A stateful, in-memory simulator of the Mailchimp Marketing API v3 on 127.0.0.1, for tests, the
 * demo and {@code listbridge sandbox}. It answers as Mailchimp documents (compliance refusals,
 * per-member batch errors, problem+json, 10 concurrent requests per key), records every request,
 * and lets tests act as the recipients (unsubscribe, bounce, complain, sign up) and inject faults.
 * The injected {@link Clock} is the sandbox's "now" for every time stamp it writes.
 * See README.md in this module for the control API over HTTP.
 */
public final class MailchimpSandbox implements AutoCloseable {
    /** The one valid key; the suffix names a data centre as real keys do. */
    public static final String API_KEY = "0123456789abcdef0123456789abcdef-us1";

    private final MailchimpState state;
    private final RecipientActions recipients;
    private final RequestLog requestLog;
    private final CallCounter calls;
    private final InFlightLimiter limiter;
    private final Faults faults;
    private final ShutdownSignal shutdown;
    private final WebhookDispatcher webhooks;
    private final WebhookUrlValidator webhookUrls;
    private final SandboxServer server;

    private final String apiKey;

    private MailchimpSandbox(int port, Clock clock, String apiKey) {
        this.apiKey = apiKey;
        FaultBook faultBook = new FaultBook();
        this.webhooks = new WebhookDispatcher(clock);
        this.state = new MailchimpState(clock, webhooks::deliver);
        this.webhooks.webhooksFrom(listId -> state.audience(listId).map(Audience::webhooks).orElse(List.of()));
        this.recipients = new RecipientActions(state);
        this.requestLog = new RequestLog();
        this.calls = new CallCounter();
        this.limiter = new InFlightLimiter();
        this.faults = new Faults(faultBook);
        this.shutdown = new ShutdownSignal();
        this.webhookUrls = new WebhookUrlValidator();
        ApiGateway gateway = new ApiGateway(new ApiKeyAuth(apiKey), limiter, faultBook,
                MailchimpRoutes.create(state, faultBook, webhookUrls::problem), requestLog, calls, shutdown, clock);
        this.server = SandboxServer.start(port, gateway, new ControlApi(this));
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static MailchimpSandbox start(int port) {
        return start(port, Clock.systemUTC());
    }

    public static MailchimpSandbox start(int port, Clock clock) {
        return new MailchimpSandbox(port, clock, API_KEY);
    }

    /**
     * Starts with another valid key, e.g. a recognizable one a test then looks for in logs. Like a real key,
     * it ends in a data centre ({@code -us1}).
     */
    public static MailchimpSandbox start(int port, Clock clock, String apiKey) {
        if (apiKey == null || !apiKey.matches("[0-9a-zA-Z]+-[a-z]+[0-9]+")) {
            throw new IllegalArgumentException("an API key is letters and digits, a dash and a data centre like us1");
        }
        return new MailchimpSandbox(port, clock, apiKey);
    }

    /** E.g. {@code http://127.0.0.1:54321/3.0}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + ApiGateway.BASE_PATH;
    }

    public String apiKey() {
        return apiKey;
    }

    public int port() {
        return server.port();
    }

    /** Creates an audience with a random 10-hex-char id, which it returns. */
    public String createList(String name, boolean doubleOptin) {
        return state.createAudience(null, name, doubleOptin).id();
    }

    /** Creates an audience with a chosen id (letters, digits, '-', '_'). */
    public void createList(String listId, String name, boolean doubleOptin) {
        state.createAudience(listId, name, doubleOptin);
    }

    /** The recipient clicks "unsubscribe": unsubscribed with that reason. */
    public void unsubscribe(String listId, String email, String reason) {
        recipients.unsubscribe(listId, email, reason);
    }

    /** Mailchimp's bounce processing: cleaned, from any status. */
    public void hardBounce(String listId, String email) {
        recipients.hardBounce(listId, email);
    }

    /** The recipient reports a campaign as spam: an abuse report, and the member unsubscribed. */
    public void complain(String listId, String email, String campaignId) {
        recipients.complain(listId, email, campaignId);
    }

    /** The hosted signup form: pending on a double-opt-in list, else subscribed; re-joining is allowed. */
    public void signup(String listId, String email, Map<String, String> mergeFields) {
        recipients.signup(listId, email, mergeFields);
    }

    /** The double-opt-in confirmation link: pending becomes subscribed. */
    public void confirm(String listId, String email) {
        recipients.confirm(listId, email);
    }

    /** The recipient edits the profile form. */
    public void editProfile(String listId, String email, Map<String, String> mergeFields) {
        recipients.editProfile(listId, email, mergeFields);
    }

    /**
     * Runs recipient actions as if they happened at {@code occurredAt} (every time stamp they write is that
     * second): a bounce Mailchimp reports late, say, e.g.
     * {@code sandbox.backdated(at, () -> sandbox.hardBounce(list, "old@example.com"))}.
     */
    public void backdated(java.time.Instant occurredAt, Runnable actions) {
        state.backdated(occurredAt, actions);
    }

    /** The recipient changes the address in the profile form: same member, new id. */
    public void changeAddress(String listId, String oldEmail, String newEmail) {
        recipients.changeAddress(listId, oldEmail, newEmail);
    }

    /**
     * Many recipients act at once (for load tests): distinct subscribed members, picked at random with
     * {@code seed}, unsubscribe, bounce hard or complain, each as {@link #unsubscribe}, {@link #hardBounce}
     * and {@link #complain} do. Returns the addresses that acted, per action.
     *
     * @throws IllegalArgumentException when the list has fewer subscribed members than actions asked for
     */
    public BulkActions bulkRecipientActions(String listId, int unsubscribes, int hardBounces, int complaints, long seed) {
        RecipientActions.BulkOutcome outcome = recipients.bulk(listId, unsubscribes, hardBounces, complaints, seed);
        return new BulkActions(outcome.unsubscribed(), outcome.hardBounced(), outcome.complained());
    }

    /** Counts of an audience's members by status and by tag; empty counts for an unknown list. */
    public SandboxListStats stats(String listId) {
        return state.locked(() -> state.audience(listId).map(audience -> {
            Map<String, Integer> byStatus = new TreeMap<>();
            for (Member member : audience.members()) {
                byStatus.merge(member.status().wire(), 1, Integer::sum);
            }
            Map<String, Integer> tags = new LinkedHashMap<>();
            for (Segment segment : audience.segments()) {
                tags.put(segment.name(), segment.size());
            }
            return new SandboxListStats(audience.memberCount(), byStatus, tags, audience.abuseReports().size());
        }).orElse(new SandboxListStats(0, Map.of(), Map.of(), 0)));
    }

    /**
     * API requests received since the start or the last {@link #clearCallCounts()}, per
     * {@code "METHOD route"}, e.g. {@code "POST /lists/{list_id}"} (batch subscribe) or
     * {@code "POST /lists/{list_id}/segments/{segment_id}"} (tag members); every request counts,
     * whatever the answer. Unlike {@link #requests()}, nothing is dropped.
     */
    public Map<String, Long> callCounts() {
        return calls.counts();
    }

    public void clearCallCounts() {
        calls.clear();
    }

    /** The member for an address (or subscriber hash, or contact id), archived ones included. */
    public Optional<SandboxMember> member(String listId, String email) {
        return state.locked(() -> state.audience(listId)
                .flatMap(audience -> audience.findMember(email).map(member -> snapshot(audience, member))));
    }

    /** All members of the audience in creation order, archived ones included; empty for an unknown list. */
    public List<SandboxMember> members(String listId) {
        return state.locked(() -> state.audience(listId)
                .map(audience -> audience.members().stream()
                        .sorted(Comparator.comparingLong(Member::sequence))
                        .map(member -> snapshot(audience, member)).toList())
                .orElse(List.of()));
    }

    /** The list's webhooks in registration order (signing secrets are not shown again); empty for an unknown list. */
    public List<SandboxWebhook> webhooks(String listId) {
        return state.locked(() -> state.audience(listId)
                .map(audience -> audience.webhooks().stream()
                        .map(hook -> new SandboxWebhook(hook.id(), hook.url(), hook.events(), hook.sources())).toList())
                .orElse(List.of()));
    }

    /** The most recent API requests (at most 2,000 and 16 MiB of bodies), with their answers, oldest first. */
    public List<RecordedRequest> requests() {
        return requestLog.all();
    }

    public void clearRequests() {
        requestLog.clear();
    }

    public Faults faults() {
        return faults;
    }

    /** API requests being processed right now (those that hold one of the 10 connection slots). */
    public int inFlightRequests() {
        return limiter.inFlight();
    }

    @Override
    public void close() {
        shutdown.signal();
        server.stop();
        webhooks.close();
        webhookUrls.close();
    }

    private static SandboxMember snapshot(Audience audience, Member member) {
        return new SandboxMember(member.id(), member.emailAddress(), member.status().wire(), Map.copyOf(member.mergeFields()),
                audience.tagsOf(member).stream().map(Segment::name).toList(), member.lastChanged(),
                member.timestampSignup(), member.timestampOpt(), member.contactId(), member.uniqueEmailId(),
                member.webId(), member.source(), member.unsubscribeReason(), member.complained(), audience.id());
    }
}
