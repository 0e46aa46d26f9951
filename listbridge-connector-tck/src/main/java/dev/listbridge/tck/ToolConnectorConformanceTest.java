package dev.listbridge.tck;

import static dev.listbridge.tck.Checks.applied;
import static dev.listbridge.tck.Checks.assertAllApplied;
import static dev.listbridge.tck.Checks.assertEvent;
import static dev.listbridge.tck.Checks.catchThrowable;
import static dev.listbridge.tck.Checks.eventIdsByAddress;
import static dev.listbridge.tck.Checks.outcome;
import static dev.listbridge.tck.Checks.threadsNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.ConfigField;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link ToolConnector} passes, run against the tool's simulator (or a
 * test account of the real tool).
 *
 * <h2>How to subclass</h2>
 * <ol>
 *   <li>Create {@code <Tool>ConformanceIT extends ToolConnectorConformanceTest} in the connector's
 *       test sources; start the simulator once per class (a static {@code @BeforeAll}) and stop it in a
 *       static {@code @AfterAll}.</li>
 *   <li>Implement the abstract hooks: the {@link #provider()}, a {@link #validConfig()} and a
 *       {@link #badCredentialsConfig()}, a fresh {@link #audienceId()} per test, a way to
 *       {@linkplain #remoteMember read remote state back} that does not go through the connector,
 *       recipient actions in the tool ({@link #recipientUnsubscribes}, {@link #recipientHardBounces},
 *       {@link #recipientComplains}), {@link #failNextRequests fault injection}, and the
 *       {@link #pageSize()} the valid config gives (keep it small, so that paging tests stay fast).</li>
 *   <li>Override the optional hooks where the tool differs from the defaults: {@link #keyField()},
 *       {@link #addressDomain()}, {@link #addressTheToolRefuses()}, {@link #missingAudienceId()},
 *       {@link #refusesResubscribeAfterOptOut()}, {@link #clock()}, {@link #waitUntilToolTimeIsPast},
 *       {@link #cutNextAnswers}.</li>
 * </ol>
 * Each test gets a new connector (named {@link #connectorName()}, closed after the test) and a new
 * audience. Tests for capabilities the tool lacks ({@link Capabilities#rename()}, {@code tags},
 * {@code archive}, {@code doubleOptIn}, {@code webhooks}, {@code memberRead}) are skipped with {@code assumeTrue}.
 * The webhook tests ({@link WebhookConformance}) need the tool to reach a receiver on 127.0.0.1; the
 * single-member read (SPI 1.3) is checked by {@link MemberReadConformance}.
 *
 * <p>Conventions checked here beyond the SPI's javadoc: outcomes carry the caller's {@link Address}
 * objects; secrets never appear in exception messages; threads a connector starts carry its
 * {@link ConnectorContext#name()} in their names and end on {@link ToolConnector#close()}, after which
 * calls throw {@link IllegalStateException}.
 */
public abstract class ToolConnectorConformanceTest extends WebhookConformance {

    // ---- provider and configuration -------------------------------------------------------------

    @Test
    void provider_is_found_through_service_loader_by_its_type() {
        String type = provider().type();
        List<ToolConnectorProvider> found = ServiceLoader.load(ToolConnectorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals(type))
                .toList();
        assertThat(found).as("providers of type %s", type).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(provider().getClass());
    }

    @Test
    void validate_returns_every_problem_of_an_empty_config() {
        List<ConfigField> spec = provider().configSpec();
        Set<String> required = spec.stream().filter(ConfigField::required).map(ConfigField::name).collect(Collectors.toSet());
        List<ConfigProblem> problems = provider().validate(Map.of());

        assertThat(required).as("required keys in configSpec").isNotEmpty();
        assertThat(problems).extracting(ConfigProblem::key).containsAll(required);
        assertThat(problems).allSatisfy(problem -> assertThat(problem.message()).isNotBlank());
        assertThatThrownBy(() -> provider().create(context(Map.of())))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.problems()).hasSameSizeAs(problems));
    }

    @Test
    void config_spec_flags_secrets_and_accepts_the_valid_config() {
        List<ConfigField> spec = provider().configSpec();
        Set<String> known = spec.stream().map(ConfigField::name).collect(Collectors.toSet());

        assertThat(spec).as("a credential flagged as secret").anyMatch(ConfigField::secret);
        assertThat(spec).allSatisfy(field -> assertThat(field.description()).isNotBlank());
        assertThat(provider().validate(validConfig())).isEmpty();
        assertThat(known).containsAll(validConfig().keySet().stream().filter(key -> !key.equals("type")).toList());
    }

    @Test
    void check_connection_succeeds_with_valid_config() {
        connector.checkConnection();
    }

    @Test
    void bad_credentials_fail_check_connection_permanently_without_showing_the_secret() {
        Map<String, String> bad = badCredentialsConfig();
        assertThat(provider().validate(bad)).isEmpty();
        ToolConnector refused = open(bad);

        Throwable thrown = catchThrowable(refused::checkConnection);
        assertThat(thrown).isInstanceOf(PermanentException.class);
        for (ConfigField field : provider().configSpec()) {
            String secret = bad.get(field.name());
            if (field.secret() && secret != null && !secret.isBlank()) {
                assertThat(thrown.getMessage()).doesNotContain(secret);
            }
        }
    }

    // ---- audiences -------------------------------------------------------------------------------

    @Test
    void describe_audience_finds_it_and_a_missing_audience_is_permanent() {
        assertThat(connector.describeAudience(audience).id()).isEqualTo(audience);
        assertThatThrownBy(() -> connector.describeAudience(missingAudienceId())).isInstanceOf(PermanentException.class);
    }

    @Test
    void prepare_audience_creates_a_field_once() {
        connector.prepareAudience(audience, Set.of(keyField()));
        connector.prepareAudience(audience, Set.of(keyField()));

        Set<String> fields = connector.describeAudience(audience).fields();
        assertThat(fields).filteredOn(field -> field.equalsIgnoreCase(keyField())).hasSize(1);
    }

    // ---- upsert ----------------------------------------------------------------------------------

    @Test
    void upsert_creates_members_with_status_and_fields() {
        connector.prepareAudience(audience, Set.of(keyField()));
        List<MemberWrite> writes = new ArrayList<>(List.of(
                write(address("subscribed"), SubscriptionStatus.SUBSCRIBED),
                write(address("unsubscribed"), SubscriptionStatus.UNSUBSCRIBED)));
        if (capabilities().doubleOptIn()) {
            writes.add(write(address("pending"), SubscriptionStatus.PENDING));
        }

        List<WriteOutcome> outcomes = connector.upsert(audience, writes);

        assertAllApplied(outcomes, writes.stream().map(MemberWrite::address).toList());
        for (MemberWrite write : writes) {
            WriteOutcome.Applied applied = applied(outcomes, write.address());
            RemoteState remote = remote(write.address());
            assertThat(applied.created()).as("created %s", write.address()).isTrue();
            assertThat(remote.status()).as("status of %s", write.address()).isEqualTo(write.status());
            assertThat(remote.fields()).containsEntry(keyField(), write.fields().get(keyField()));
            if (applied.memberId() != null && remote.memberId() != null) {
                assertThat(applied.memberId()).isEqualTo(remote.memberId());
            }
        }
    }

    @Test
    void same_batch_applied_twice_leaves_same_remote_state() {
        connector.prepareAudience(audience, Set.of(keyField()));
        List<MemberWrite> writes = List.of(
                write(address("Mixed.Case"), SubscriptionStatus.SUBSCRIBED),
                write(address("second"), SubscriptionStatus.SUBSCRIBED),
                write(address("third"), SubscriptionStatus.UNSUBSCRIBED));
        List<Address> addresses = writes.stream().map(MemberWrite::address).toList();

        assertAllApplied(connector.upsert(audience, writes), addresses);
        Map<Address, RemoteState> first = remoteStates(addresses);
        List<WriteOutcome> again = connector.upsert(audience, writes);

        assertAllApplied(again, addresses);
        assertThat(again).allSatisfy(outcome -> assertThat(((WriteOutcome.Applied) outcome).created()).isFalse());
        assertThat(remoteStates(addresses)).isEqualTo(first);
        Map<String, Long> perKey = Pages.members(connector, audience).items().stream()
                .collect(Collectors.groupingBy(member -> member.address().key(), Collectors.counting()));
        addresses.forEach(address -> assertThat(perKey).containsEntry(address.key(), 1L));
    }

    @Test
    void unsubscribed_write_unsubscribes_the_member() {
        Address address = subscribed("leaving");

        List<WriteOutcome> outcomes = connector.upsert(audience, List.of(write(address, SubscriptionStatus.UNSUBSCRIBED)));

        assertAllApplied(outcomes, List.of(address));
        assertThat(remote(address).status()).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
    }

    @Test
    void opted_out_member_written_subscribed_is_rejected_for_compliance() {
        assumeTrue(refusesResubscribeAfterOptOut(), "the tool lets the API resubscribe members who opted out");
        Address address = subscribed("opted-out");
        recipientUnsubscribes(audience, address);

        List<WriteOutcome> outcomes = connector.upsert(audience, List.of(write(address, SubscriptionStatus.SUBSCRIBED)));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(WriteOutcome.Rejected.class, rejected -> {
            assertThat(rejected.address()).isEqualTo(address);
            assertThat(rejected.reason()).isEqualTo(RejectReason.COMPLIANCE_STATE);
            assertThat(rejected.toolMessage()).isNotBlank();
        });
        assertThat(remote(address).status()).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
    }

    @Test
    void opted_out_member_may_be_written_pending() {
        assumeTrue(capabilities().doubleOptIn(), "the tool has no double opt-in");
        Address address = subscribed("asked-again");
        recipientUnsubscribes(audience, address);

        List<WriteOutcome> outcomes = connector.upsert(audience, List.of(write(address, SubscriptionStatus.PENDING)));

        assertAllApplied(outcomes, List.of(address));
        assertThat(remote(address).status()).isEqualTo(SubscriptionStatus.PENDING);
    }

    @Test
    void invalid_address_in_a_batch_is_rejected_alone() {
        connector.prepareAudience(audience, Set.of(keyField()));
        Address invalid = addressTheToolRefuses();
        List<MemberWrite> writes = List.of(
                write(address("before"), SubscriptionStatus.SUBSCRIBED),
                write(invalid, SubscriptionStatus.SUBSCRIBED),
                write(address("after"), SubscriptionStatus.SUBSCRIBED));

        List<WriteOutcome> outcomes = connector.upsert(audience, writes);

        assertThat(outcomes).hasSize(3);
        assertThat(outcome(outcomes, invalid)).isInstanceOfSatisfying(WriteOutcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_ADDRESS);
            assertThat(rejected.toolMessage()).isNotBlank();
        });
        for (MemberWrite write : List.of(writes.get(0), writes.get(2))) {
            assertThat(outcome(outcomes, write.address())).isInstanceOf(WriteOutcome.Applied.class);
            assertThat(remote(write.address()).status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        }
    }

    @Test
    void batch_of_max_batch_size_is_accepted() {
        connector.prepareAudience(audience, Set.of(keyField()));
        List<MemberWrite> writes = IntStream.range(0, capabilities().maxBatchSize())
                .mapToObj(i -> write(address("bulk" + i), SubscriptionStatus.SUBSCRIBED))
                .toList();

        List<WriteOutcome> outcomes = connector.upsert(audience, writes);

        assertAllApplied(outcomes, writes.stream().map(MemberWrite::address).toList());
        assertThat(remote(writes.get(0).address()).status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(remote(writes.get(writes.size() - 1).address()).status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void calls_from_several_threads_at_once_all_succeed() throws Exception {
        connector.prepareAudience(audience, Set.of(keyField()));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<WriteOutcome>>> results = new ArrayList<>();
            List<Address> addresses = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<MemberWrite> writes = IntStream.range(0, 5)
                        .mapToObj(i -> write(address("parallel"), SubscriptionStatus.SUBSCRIBED)).toList();
                writes.forEach(w -> addresses.add(w.address()));
                results.add(threads.submit(() -> connector.upsert(audience, writes)));
            }
            List<WriteOutcome> outcomes = new ArrayList<>();
            for (Future<List<WriteOutcome>> result : results) {
                outcomes.addAll(result.get());
            }
            assertAllApplied(outcomes, addresses);
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- rename, tags, archive -------------------------------------------------------------------

    @Test
    void rename_keeps_the_member_and_its_fields() {
        assumeTrue(capabilities().rename(), "the tool cannot rename members");
        Address from = subscribed("old");
        String key = remote(from).fields().get(keyField());
        Address to = address("new");

        String memberId = connector.rename(audience, from, to);

        assertThat(memberId).isNotBlank();
        RemoteState renamed = remote(to);
        assertThat(renamed.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(renamed.fields()).containsEntry(keyField(), key);
        if (renamed.memberId() != null) {
            assertThat(memberId).isEqualTo(renamed.memberId());
        }
        Set<String> keys = Pages.members(connector, audience).items().stream()
                .map(member -> member.address().key()).collect(Collectors.toSet());
        assertThat(keys).contains(to.key()).doesNotContain(from.key());
    }

    @Test
    void rename_replayed_after_a_lost_answer_leaves_the_same_member() {
        assumeTrue(capabilities().rename(), "the tool cannot rename members");
        Address from = subscribed("replayed-old");
        Address to = address("replayed-new");

        String first = connector.rename(audience, from, to);
        String again = connector.rename(audience, from, to);

        assertThat(again).isEqualTo(first);
        assertThat(remote(to).status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void rename_onto_an_existing_member_is_rejected_as_conflict() {
        assumeTrue(capabilities().rename(), "the tool cannot rename members");
        Address from = subscribed("mover");
        Address taken = subscribed("taken");

        assertThatThrownBy(() -> connector.rename(audience, from, taken))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.CONFLICT));
        assertThat(remote(from).status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void rename_of_an_absent_member_is_rejected_as_not_found() {
        assumeTrue(capabilities().rename(), "the tool cannot rename members");

        assertThatThrownBy(() -> connector.rename(audience, address("ghost"), address("ghost-new")))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_FOUND));
    }

    @Test
    void tags_are_added_and_removed() {
        assumeTrue(capabilities().tags(), "the tool has no tags");
        Address first = subscribed("tagged1");
        Address second = subscribed("tagged2");
        String tag = "tck-" + run;

        List<WriteOutcome> added = connector.tag(audience, tag, List.of(first, second), List.of());
        assertAllApplied(added, List.of(first, second));
        assertThat(remote(first).tags()).contains(tag);
        assertThat(remote(second).tags()).contains(tag);

        List<WriteOutcome> removed = connector.tag(audience, tag, List.of(), List.of(first));
        assertAllApplied(removed, List.of(first));
        assertThat(remote(first).tags()).doesNotContain(tag);
        assertThat(remote(second).tags()).contains(tag);

        assertAllApplied(connector.tag(audience, tag, List.of(second), List.of(first)), List.of(second, first));
        assertThat(remote(second).tags()).contains(tag);
    }

    @Test
    void archive_takes_members_out_and_is_idempotent() {
        assumeTrue(capabilities().archive(), "the tool cannot archive members");
        Address archived = subscribed("archived");
        Address kept = subscribed("kept");
        Address absent = address("absent");

        assertAllApplied(connector.archive(audience, List.of(archived, absent)), List.of(archived, absent));
        assertAllApplied(connector.archive(audience, List.of(archived)), List.of(archived));

        remoteMember(audience, archived).ifPresent(state -> assertThat(state.status()).isEqualTo(SubscriptionStatus.ARCHIVED));
        Set<String> keys = Pages.members(connector, audience).items().stream()
                .map(member -> member.address().key()).collect(Collectors.toSet());
        assertThat(keys).contains(kept.key()).doesNotContain(archived.key());
    }

    // ---- reading ---------------------------------------------------------------------------------

    @Test
    void read_members_returns_every_member_over_several_pages() {
        List<Address> addresses = createMembers(pageSize() + pageSize() / 2 + 1);

        Pages<RemoteMember> read = Pages.members(connector, audience);

        assertThat(read.pages()).isGreaterThan(1);
        Map<String, List<RemoteMember>> byKey = read.items().stream()
                .collect(Collectors.groupingBy(member -> member.address().key()));
        for (Address address : addresses) {
            assertThat(byKey.get(address.key())).as("members for %s", address).singleElement().satisfies(member -> {
                assertThat(member.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
                assertThat(member.fields()).containsKey(keyField());
            });
        }
    }

    @Test
    void read_events_returns_every_change_over_several_pages() {
        List<Address> addresses = createMembers(pageSize() + pageSize() / 2 + 1);

        Pages<ToolEvent> read = Pages.events(connector, audience, null);

        assertThat(read.pages()).isGreaterThan(1);
        Set<String> subscribed = read.items().stream()
                .filter(event -> event instanceof ToolEvent.Subscribed)
                .map(event -> event.address().key()).collect(Collectors.toSet());
        assertThat(subscribed).containsAll(addresses.stream().map(Address::key).toList());
    }

    @Test
    void read_events_since_returns_actions_after_it_and_not_before() {
        Address before = subscribed("before");
        Address bounced = subscribed("bounced");
        Address complained = subscribed("complained");
        Address unsubscribed = subscribed("unsubscribed");
        recipientUnsubscribes(audience, before);
        Instant since = Pages.events(connector, audience, null).items().stream()
                .filter(event -> event instanceof ToolEvent.Unsubscribed && event.address().key().equals(before.key()))
                .map(ToolEvent::occurredAt).findFirst()
                .orElseThrow(() -> new AssertionError("no Unsubscribed event for " + before));
        waitUntilToolTimeIsPast(since);
        recipientHardBounces(audience, bounced);
        recipientComplains(audience, complained);
        recipientUnsubscribes(audience, unsubscribed);

        List<ToolEvent> events = Pages.events(connector, audience, since).items();

        assertThat(events).allSatisfy(event -> assertThat(event.occurredAt()).isAfter(since));
        assertThat(events).anySatisfy(event -> assertEvent(event, ToolEvent.HardBounced.class, bounced));
        assertThat(events).anySatisfy(event -> assertEvent(event, ToolEvent.Complained.class, complained));
        assertThat(events).anySatisfy(event -> assertEvent(event, ToolEvent.Unsubscribed.class, unsubscribed));
        assertThat(events).noneSatisfy(event -> assertThat(event.address().key()).isEqualTo(before.key()));
    }

    @Test
    void overlapping_pulls_return_the_same_event_ids() {
        Instant start = clock().instant().minus(Duration.ofMinutes(5));
        Address unsubscribed = subscribed("overlap1");
        Address complained = subscribed("overlap2");
        recipientUnsubscribes(audience, unsubscribed);
        recipientComplains(audience, complained);

        Map<String, Set<String>> all = eventIdsByAddress(Pages.events(connector, audience, null).items());
        Map<String, Set<String>> window = eventIdsByAddress(Pages.events(connector, audience, start).items());
        Map<String, Set<String>> again = eventIdsByAddress(Pages.events(connector, audience, start).items());

        for (Address address : List.of(unsubscribed, complained)) {
            assertThat(all.get(address.key())).as("event ids of %s", address).isNotEmpty()
                    .isEqualTo(window.get(address.key())).isEqualTo(again.get(address.key()));
        }
    }

    // ---- failures and lifecycle ------------------------------------------------------------------

    @Test
    void rate_limited_request_is_retriable_with_retry_after() {
        failNextRequests(1, 429, Duration.ofSeconds(7));

        assertThatThrownBy(connector::checkConnection).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
        connector.checkConnection();
    }

    @Test
    void unavailable_tool_is_retriable_for_reads_and_writes() {
        failNextRequests(1, 503, null);
        assertThatThrownBy(() -> connector.readMembers(audience, null))
                .isInstanceOfSatisfying(RetriableException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));

        connector.prepareAudience(audience, Set.of(keyField()));
        failNextRequests(1, 503, null);
        assertThatThrownBy(() -> connector.upsert(audience, List.of(write(address("later"), SubscriptionStatus.SUBSCRIBED))))
                .isInstanceOf(RetriableException.class);
    }

    @Test
    void a_write_answered_with_success_and_then_cut_short_is_retriable_and_carried_out() {
        connector.prepareAudience(audience, Set.of(keyField()));
        Address cut = address("cut");
        assumeTrue(cutNextAnswers(1), "the harness cannot cut the tool's answers short");

        assertThatThrownBy(() -> connector.upsert(audience, List.of(write(cut, SubscriptionStatus.SUBSCRIBED))))
                .isInstanceOfSatisfying(RetriableException.class, e -> {
                    assertThat(e.carriedOut()).as("carriedOut(): the tool had handled the call").isTrue();
                    assertThat(e.notCarriedOut()).isFalse();
                });
        assertThat(remoteMember(audience, cut)).as("the member the cut call wrote").isPresent();
    }

    @Test
    void close_frees_threads_and_later_calls_fail() throws InterruptedException {
        String name = connectorName + "-closing";
        ToolConnector closing = provider().create(new ConnectorContext(name, validConfig(), clock(), Duration.ofSeconds(10)));
        closing.checkConnection();

        closing.close();

        Instant deadline = Instant.now().plusSeconds(5);
        while (!threadsNamed(name).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(threadsNamed(name)).as("threads left after close()").isEmpty();
        assertThatThrownBy(closing::checkConnection).isInstanceOf(IllegalStateException.class);
    }
}
