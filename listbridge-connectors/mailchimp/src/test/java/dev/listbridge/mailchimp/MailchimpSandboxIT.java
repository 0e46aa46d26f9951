package dev.listbridge.mailchimp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mailchimp specifics the conformance suite does not cover, against the sandbox. */
class MailchimpSandboxIT {

    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static MailchimpSandbox sandbox;
    private ToolConnector connector;
    private String list;

    @BeforeAll
    static void startSandbox() {
        sandbox = MailchimpSandbox.start(0, CLOCK);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void open() {
        connector = connect(Map.of("pageSize", "10"));
        list = sandbox.createList("specifics", false);
    }

    @AfterEach
    void close() throws InterruptedException {
        connector.close();
        sandbox.faults().clear();
        // a request the client gave up on keeps its server slot until the sandbox answers it
        for (int wait = 0; wait < 250 && sandbox.inFlightRequests() > 0; wait++) {
            Thread.sleep(20);
        }
    }

    @Test
    void more_than_500_writes_are_split_into_batches() {
        List<MemberWrite> writes = IntStream.range(0, 501)
                .mapToObj(i -> new MemberWrite(Address.parse("split" + i + "@example.com"), SubscriptionStatus.SUBSCRIBED, Map.of()))
                .toList();

        List<WriteOutcome> outcomes = connector.upsert(list, writes);

        assertThat(outcomes).hasSize(501).allMatch(outcome -> outcome instanceof WriteOutcome.Applied applied && applied.created());
        assertThat(requests("POST", "/3.0/lists/" + list)).hasSize(2);
    }

    @Test
    void archiving_many_members_in_parallel_stays_within_ten_connections() {
        List<Address> addresses = subscribe(40, "archive");
        sandbox.faults().delay("DELETE", ".*", Duration.ofMillis(50), 40);

        List<WriteOutcome> outcomes = connector.archive(list, addresses);

        assertThat(outcomes).hasSize(40).allMatch(outcome -> outcome instanceof WriteOutcome.Applied);
        assertThat(requests("DELETE", null)).hasSize(40).allMatch(request -> request.status() == 204);
        assertThat(sandbox.members(list)).allMatch(member -> member.status().equals("archived"));
    }

    @Test
    void a_member_changing_during_a_pull_is_not_skipped() {
        // 30 members changed in one second, pages of 10: that second is read by offset
        List<Address> addresses = subscribe(30, "moving");
        Set<String> seen = new HashSet<>();
        EventPage page = null;
        for (int pages = 0; pages < 2; pages++) {
            page = connector.readEvents(list, null, page == null ? null : page.nextPageToken());
            page.events().forEach(event -> seen.add(event.address().key()));
        }

        // someone already read acts later: that member leaves the second, everything after it moves forward
        CLOCK.advanceTo(CLOCK.instant().plusSeconds(2));
        sandbox.unsubscribe(list, page.events().get(0).address().ascii(), "moved");
        while (!page.last()) {
            page = connector.readEvents(list, null, page.nextPageToken());
            page.events().forEach(event -> seen.add(event.address().key()));
        }

        assertThat(seen).containsAll(addresses.stream().map(Address::key).toList());
    }

    @Test
    void lost_answers_and_resets_are_retriable() {
        Address address = Address.parse("lost@example.com");
        List<MemberWrite> write = List.of(new MemberWrite(address, SubscriptionStatus.SUBSCRIBED, Map.of()));

        sandbox.faults().truncateBody("POST", "/lists/[^/]+", 1);
        assertThatThrownBy(() -> connector.upsert(list, write)).isInstanceOf(RetriableException.class);
        // (a POST: the JDK client itself re-sends a GET once when a pooled connection closes unanswered)
        sandbox.faults().resetConnection("POST", "/lists/[^/]+", 1);
        assertThatThrownBy(() -> connector.upsert(list, write)).isInstanceOf(RetriableException.class);

        // the engine replays the write whose answer was lost: same state, no second member
        assertThat(connector.upsert(list, write)).singleElement().isInstanceOfSatisfying(WriteOutcome.Applied.class,
                applied -> assertThat(applied.created()).isFalse());
    }

    @Test
    void a_slow_answer_is_a_retriable_timeout() {
        try (ToolConnector impatient = connect(Map.of("timeoutSeconds", "1"))) {
            sandbox.faults().delay("GET", "/ping", Duration.ofSeconds(2), 1);

            assertThatThrownBy(impatient::checkConnection).isInstanceOfSatisfying(RetriableException.class,
                    e -> assertThat(e.httpStatus()).isZero());
        }
    }

    @Test
    void a_tag_reuses_its_static_segment() {
        List<Address> addresses = subscribe(3, "tag");

        connector.tag(list, "customers", addresses.subList(0, 2), List.of());
        connector.tag(list, "customers", List.of(addresses.get(2)), List.of(addresses.get(0)));

        assertThat(requests("POST", "/3.0/lists/" + list + "/segments")).hasSize(1);
        assertThat(sandbox.member(list, addresses.get(0).ascii()).orElseThrow().tags()).isEmpty();
        assertThat(sandbox.member(list, addresses.get(2).ascii()).orElseThrow().tags()).containsExactly("customers");
    }

    @Test
    void pulled_events_carry_the_unsubscribe_reason_and_the_complaints_campaign() {
        List<Address> addresses = subscribe(2, "events");
        sandbox.unsubscribe(list, addresses.get(0).ascii(), "too many mails");
        sandbox.complain(list, addresses.get(1).ascii(), "campaign-7");

        List<ToolEvent> events = new ArrayList<>();
        EventPage page = null;
        do {
            page = connector.readEvents(list, null, page == null ? null : page.nextPageToken());
            events.addAll(page.events());
        } while (!page.last());

        assertThat(events).filteredOn(event -> event.address().equals(addresses.get(0)))
                .singleElement().isInstanceOfSatisfying(ToolEvent.Unsubscribed.class,
                        event -> assertThat(event.reason()).isEqualTo("too many mails"));
        assertThat(events).filteredOn(event -> event.address().equals(addresses.get(1)))
                .anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(ToolEvent.Complained.class, complaint -> {
                    assertThat(complaint.campaignId()).isEqualTo("campaign-7");
                    assertThat(complaint.eventId()).startsWith("abuse:");
                }));
    }

    private ToolConnector connect(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("apiKey", sandbox.apiKey(), "baseUrl", sandbox.baseUrl()));
        config.putAll(extra);
        return new MailchimpConnectorProvider().create(
                new ConnectorContext("sandbox-it", config, Clock.systemUTC(), Duration.ofSeconds(10)));
    }

    private List<Address> subscribe(int count, String prefix) {
        List<MemberWrite> writes = IntStream.range(0, count)
                .mapToObj(i -> new MemberWrite(Address.parse(prefix + i + "@example.com"), SubscriptionStatus.SUBSCRIBED, Map.of()))
                .toList();
        assertThat(connector.upsert(list, writes)).allMatch(outcome -> outcome instanceof WriteOutcome.Applied);
        return writes.stream().map(MemberWrite::address).toList();
    }

    private List<RecordedRequest> requests(String method, String path) {
        return sandbox.requests().stream()
                .filter(request -> request.method().equals(method))
                .filter(request -> path == null ? request.path().contains("/lists/" + list) : request.path().equals(path))
                .collect(Collectors.toList());
    }
}
