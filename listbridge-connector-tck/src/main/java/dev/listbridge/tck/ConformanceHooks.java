package dev.listbridge.tck;

import static dev.listbridge.tck.Checks.assertAllApplied;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The hooks and fixture of {@link ToolConnectorConformanceTest}: what a connector's test supplies
 * and the connector and audience each test gets. Subclass {@link ToolConnectorConformanceTest}, not
 * this class.
 */
public abstract class ConformanceHooks {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String connectorName = "tck-" + run;
    private final List<ToolConnector> opened = new ArrayList<>();

    /** The connector under test, opened with {@link #validConfig()} before each test. */
    protected ToolConnector connector;
    /** The audience of the current test, from {@link #audienceId()}. */
    protected String audience;

    // ---- hooks a connector's test supplies ------------------------------------------------------

    /** The provider under test (the same class {@link ServiceLoader} must find). */
    protected abstract ToolConnectorProvider provider();

    /** A config section that works against the simulator. */
    protected abstract Map<String, String> validConfig();

    /** A config section that passes validation but whose credentials the tool refuses. */
    protected abstract Map<String, String> badCredentialsConfig();

    /** Called before each test: an audience for it alone, empty, created in the simulator. */
    protected abstract String audienceId();

    /** The member for {@code address} as the tool holds it, read without the connector under test. */
    protected abstract Optional<RemoteState> remoteMember(String audienceId, Address address);

    /** The recipient clicks the unsubscribe link (or an admin unsubscribes them in the tool). */
    protected abstract void recipientUnsubscribes(String audienceId, Address address);

    /** A mailing to the address bounces hard; the tool stops mailing it. */
    protected abstract void recipientHardBounces(String audienceId, Address address);

    /** The recipient marks a mailing as spam. */
    protected abstract void recipientComplains(String audienceId, Address address);

    /**
     * Makes the next {@code count} requests to the tool fail with {@code httpStatus}, sending a
     * Retry-After of {@code retryAfter} when it is not null.
     */
    protected abstract void failNextRequests(int count, int httpStatus, Duration retryAfter);

    /**
     * Makes the tool carry out the next {@code count} requests and cut each answer short after its success status
     * (the connection closed during the body); false when the harness cannot, which skips the check that needs it.
     */
    protected boolean cutNextAnswers(int count) {
        return false;
    }

    /** How many items one page of readMembers and readEvents holds with {@link #validConfig()}. */
    protected abstract int pageSize();

    /** The field the tests write (prepared with prepareAudience); a valid field name for the tool. */
    protected String keyField() {
        return "CRMKEY";
    }

    /** The domain of the test addresses; one the tool accepts as real. */
    protected String addressDomain() {
        return "example.com";
    }

    /** An address the tool refuses as invalid (built without {@link Address#parse}, which would refuse it too). */
    protected Address addressTheToolRefuses() {
        String raw = "no-at-sign-" + run + ".example.com";
        return new Address(raw, raw, raw);
    }

    /** An audience id that does not exist in the tool. */
    protected String missingAudienceId() {
        return "tck-missing-" + run;
    }

    /** Whether the tool refuses (re)subscribing a member that opted out itself. */
    protected boolean refusesResubscribeAfterOptOut() {
        return true;
    }

    /** The clock given to the connector, and the one the default {@link #waitUntilToolTimeIsPast} reads. */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Returns once the tool's clock has passed the whole second of {@code instant}, so that what the
     * tool records next is strictly later at the tool's precision (Mailchimp: seconds). The default
     * waits on {@link #clock()}; a simulator with a settable clock may advance it instead.
     */
    protected void waitUntilToolTimeIsPast(Instant instant) {
        Instant target = instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try {
            while (clock().instant().isBefore(target)) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the tool's clock", e);
        }
    }

    /** The {@link ConnectorContext#name()} the connectors of this test get. */
    protected final String connectorName() {
        return connectorName;
    }

    // ---- fixture ---------------------------------------------------------------------------------

    @BeforeEach
    final void openConnector() {
        audience = audienceId();
        connector = open(validConfig());
    }

    @AfterEach
    final void closeConnectors() {
        opened.forEach(ToolConnector::close);
        opened.clear();
    }

    /** Opens another connector, closed after the test. */
    protected ToolConnector open(Map<String, String> config) {
        ToolConnector created = provider().create(context(config));
        opened.add(created);
        return created;
    }

    protected ConnectorContext context(Map<String, String> config) {
        return new ConnectorContext(connectorName, config, clock(), Duration.ofSeconds(10));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    protected final Capabilities capabilities() {
        return connector.capabilities();
    }

    /** A new address, unique to this test run. */
    protected final Address address(String hint) {
        return Address.parse(hint + "." + run + "." + SEQUENCE.incrementAndGet() + "@" + addressDomain());
    }

    protected final MemberWrite write(Address address, SubscriptionStatus status) {
        return new MemberWrite(address, status, Map.of(keyField(), "K" + SEQUENCE.incrementAndGet()));
    }

    /** Creates one subscribed member (the audience prepared for {@link #keyField()}). */
    protected final Address subscribed(String hint) {
        connector.prepareAudience(audience, Set.of(keyField()));
        Address address = address(hint);
        assertAllApplied(connector.upsert(audience, List.of(write(address, SubscriptionStatus.SUBSCRIBED))), List.of(address));
        return address;
    }

    final List<Address> createMembers(int count) {
        connector.prepareAudience(audience, Set.of(keyField()));
        List<MemberWrite> writes = IntStream.range(0, count)
                .mapToObj(i -> write(address("paged" + i), SubscriptionStatus.SUBSCRIBED)).toList();
        int batch = capabilities().maxBatchSize();
        for (int from = 0; from < writes.size(); from += batch) {
            List<MemberWrite> chunk = writes.subList(from, Math.min(writes.size(), from + batch));
            assertAllApplied(connector.upsert(audience, chunk), chunk.stream().map(MemberWrite::address).toList());
        }
        return writes.stream().map(MemberWrite::address).toList();
    }

    final RemoteState remote(Address address) {
        return remoteMember(audience, address).orElseThrow(() -> new AssertionError("no member for " + address + " in the tool"));
    }

    final Map<Address, RemoteState> remoteStates(List<Address> addresses) {
        Map<Address, RemoteState> states = new HashMap<>();
        addresses.forEach(address -> states.put(address, remote(address)));
        return states;
    }
}
