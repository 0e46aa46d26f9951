package dev.listbridge.mailchimp;

import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnectorProvider;
import dev.listbridge.tck.RemoteState;
import dev.listbridge.tck.ToolConnectorConformanceTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The connector conformance suite against the Mailchimp sandbox. */
class MailchimpConformanceIT extends ToolConnectorConformanceTest {

    /** Small pages, so that paging is exercised with a few dozen members. */
    private static final int PAGE_SIZE = 20;
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static MailchimpSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = MailchimpSandbox.start(0, CLOCK);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    @Override
    protected ToolConnectorProvider provider() {
        return new MailchimpConnectorProvider();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("type", "mailchimp", "apiKey", sandbox.apiKey(), "baseUrl", sandbox.baseUrl(),
                "pageSize", Integer.toString(PAGE_SIZE));
    }

    @Override
    protected Map<String, String> badCredentialsConfig() {
        return Map.of("type", "mailchimp", "apiKey", "ffffffffffffffffffffffffffffffff-us1", "baseUrl", sandbox.baseUrl());
    }

    @Override
    protected String audienceId() {
        return sandbox.createList("TCK", true);
    }

    @Override
    protected Optional<RemoteState> remoteMember(String audienceId, Address address) {
        return sandbox.member(audienceId, address.ascii()).map(MailchimpConformanceIT::state);
    }

    @Override
    protected void recipientUnsubscribes(String audienceId, Address address) {
        sandbox.unsubscribe(audienceId, address.ascii(), "TCK: no longer interested");
    }

    @Override
    protected void recipientHardBounces(String audienceId, Address address) {
        sandbox.hardBounce(audienceId, address.ascii());
    }

    @Override
    protected void recipientComplains(String audienceId, Address address) {
        sandbox.complain(audienceId, address.ascii(), "tck-campaign");
    }

    @Override
    protected boolean cutNextAnswers(int count) {
        sandbox.faults().truncateBody("*", ".*", count);
        return true;
    }

    @Override
    protected void failNextRequests(int count, int httpStatus, Duration retryAfter) {
        if (httpStatus == 429) {
            sandbox.faults().tooManyRequests("*", ".*", retryAfter, count);
        } else {
            sandbox.faults().respondWith("*", ".*", httpStatus, count);
        }
    }

    @Override
    protected int pageSize() {
        return PAGE_SIZE;
    }

    @Override
    protected Clock clock() {
        return CLOCK;
    }

    /** Moves the sandbox's clock forward instead of waiting. */
    @Override
    protected void waitUntilToolTimeIsPast(Instant instant) {
        CLOCK.advanceTo(instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }

    private static RemoteState state(SandboxMember member) {
        SubscriptionStatus status = switch (member.status()) {
            case "subscribed" -> SubscriptionStatus.SUBSCRIBED;
            case "pending" -> SubscriptionStatus.PENDING;
            case "unsubscribed" -> SubscriptionStatus.UNSUBSCRIBED;
            case "cleaned" -> SubscriptionStatus.CLEANED;
            case "archived" -> SubscriptionStatus.ARCHIVED;
            default -> SubscriptionStatus.NONE;
        };
        return new RemoteState(member.id(), status, member.mergeFields(), Set.copyOf(member.tags()));
    }
}
