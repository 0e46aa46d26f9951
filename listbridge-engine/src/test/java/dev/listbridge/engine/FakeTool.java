package dev.listbridge.engine;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.AudienceInfo;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory tool for fast engine tests: Mailchimp's status rules (an unsubscribed member cannot be
 * subscribed by the API, only sent a double opt-in), events recorded as recipients act, writes counted.
 */
final class FakeTool implements ToolConnector {
    final Map<String, RemoteMember> members = new LinkedHashMap<>();
    final List<ToolEvent> events = new ArrayList<>();
    /** The tool's clock: its change times. */
    java.time.Clock clock = java.time.Clock.systemUTC();
    int writes;
    /** An address whose writes the tool refuses (a dead letter, retried on later cycles), or null. */
    String refused;
    /** An address whose tag changes the tool refuses (a dead letter, retried on later cycles), or null. */
    String refusedTag;
    /** Members a tag call asked to both add and remove (the tool decides which wins), as "tag address". */
    final List<String> inBothListsOfATagCall = new ArrayList<>();
    /** While set, every batch status write fails with it, changing nothing. */
    RetriableException failing;
    /** With {@link #failing}: the first batch status write (counting from 1) that fails; those before it succeed. */
    int failingFromCall = 1;
    /** With {@link #failing}: the write is carried out before the failure (an answer lost on the way back). */
    boolean failingAfterApplying;
    /** Batch status writes (upserts) so far, with the number of members in each. */
    final List<Integer> upsertSizes = new ArrayList<>();
    /** Whether a status write's answer gives the member's change time (SPI 1.2 {@code Applied.lastChanged}). */
    boolean answersChangeTime;
    /** Whether the tool reads single members (SPI 1.3); off, it is a connector of SPI 1.2. */
    boolean memberRead;
    int memberReads;
    private int eventIds;
    /** The calls the engine may send at once ({@link Capabilities#maxConcurrency()}); 1 keeps every test's calls in order. */
    int maxConcurrency = 1;
    /** When set, every batch status write waits here first: the calls that meet were under way at the same time. */
    volatile CyclicBarrier upsertsMeet;
    /** A batch status write holding this address fails with a 503, changing nothing (null: none). */
    volatile String failingCallWith;
    /** The most batch status writes under way at the same time so far. */
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger atOnce = new AtomicInteger();
    /** The addresses of every batch status write, in the order written. */
    final List<String> upserted = new ArrayList<>();

    @Override
    public Capabilities capabilities() {
        return new Capabilities(500, maxConcurrency, true, true, false, true, true, true, false, memberRead);
    }

    @Override
    public void checkConnection() {
    }

    @Override
    public AudienceInfo describeAudience(String audienceId) {
        return new AudienceInfo(audienceId, "fake", true, members.size(), Set.of());
    }

    @Override
    public void prepareAudience(String audienceId, Set<String> fields) {
    }

    @Override
    public List<WriteOutcome> upsert(String audienceId, List<MemberWrite> writes) {
        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
        try {
            CyclicBarrier meeting = upsertsMeet;
            if (meeting != null) {
                try {
                    meeting.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the batch status writes did not meet: " + e, e);
                }
            }
            if (writes.stream().anyMatch(write -> write.address().key().equals(failingCallWith))) {
                throw new RetriableException("503 from the tool", null);
            }
            synchronized (this) {
                return upsertAlone(writes);
            }
        } finally {
            atOnce.decrementAndGet();
        }
    }

    private List<WriteOutcome> upsertAlone(List<MemberWrite> writes) {
        this.writes++;
        writes.forEach(write -> upserted.add(write.address().key()));
        upsertSizes.add(writes.size());
        boolean fails = failing != null && upsertSizes.size() >= failingFromCall;
        if (fails && !failingAfterApplying) {
            throw failing;
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (MemberWrite write : writes) {
            if (write.address().key().equals(refused)) {
                outcomes.add(new WriteOutcome.Rejected(write.address(), RejectReason.OTHER, "signed up to a lot of lists recently"));
                continue;
            }
            RemoteMember existing = members.get(write.address().key());
            if (existing != null && write.status() == SubscriptionStatus.SUBSCRIBED
                    && (existing.status() == SubscriptionStatus.UNSUBSCRIBED || existing.status() == SubscriptionStatus.CLEANED)) {
                outcomes.add(new WriteOutcome.Rejected(write.address(), RejectReason.COMPLIANCE_STATE, "Member In Compliance State"));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>(existing == null ? Map.of() : existing.fields());
            fields.putAll(write.fields());
            put(write.address(), write.status(), fields, existing == null ? Set.of() : existing.tags());
            outcomes.add(new WriteOutcome.Applied(write.address(), write.address().key(), existing == null,
                    answersChangeTime ? members.get(write.address().key()).lastChanged() : null));
        }
        if (fails) {
            throw failing;
        }
        return outcomes;
    }

    @Override
    public synchronized String rename(String audienceId, Address from, Address to) {
        writes++;
        if (from.key().equals(refused)) {
            throw new RecordRejectedException(RejectReason.OTHER, "try again later");
        }
        RemoteMember old = members.remove(from.key());
        put(to, old.status(), old.fields(), old.tags());
        return to.key();
    }

    @Override
    public synchronized List<WriteOutcome> archive(String audienceId, List<Address> addresses) {
        writes++;
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (Address address : addresses) {
            RemoteMember old = members.get(address.key());
            if (old != null) {
                put(address, SubscriptionStatus.ARCHIVED, old.fields(), old.tags());
            }
            outcomes.add(new WriteOutcome.Applied(address, address.key(), false));
        }
        return outcomes;
    }

    @Override
    public synchronized List<WriteOutcome> tag(String audienceId, String tag, List<Address> add, List<Address> remove) {
        writes++;
        add.stream().filter(remove::contains).forEach(both -> inBothListsOfATagCall.add(tag + " " + both.key()));
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (Address address : add) {
            RemoteMember m = members.get(address.key());
            if (address.key().equals(refusedTag)) {
                outcomes.add(new WriteOutcome.Rejected(address, RejectReason.OTHER, "try again later"));
                continue;
            }
            if (m == null) {
                outcomes.add(new WriteOutcome.Rejected(address, RejectReason.NOT_FOUND, "no such member"));
                continue;
            }
            Set<String> tags = new HashSet<>(m.tags());
            tags.add(tag);
            members.put(address.key(), new RemoteMember(m.memberId(), m.address(), m.status(), m.fields(), tags, m.lastChanged()));
            outcomes.add(new WriteOutcome.Applied(address, m.memberId(), false));
        }
        for (Address address : remove) {
            RemoteMember m = members.get(address.key());
            if (m == null) {
                outcomes.add(new WriteOutcome.Rejected(address, RejectReason.NOT_FOUND, "no such member"));
                continue;
            }
            Set<String> tags = new HashSet<>(m.tags());
            tags.remove(tag);
            members.put(address.key(), new RemoteMember(m.memberId(), m.address(), m.status(), m.fields(), tags, m.lastChanged()));
            outcomes.add(new WriteOutcome.Applied(address, m.memberId(), false));
        }
        return outcomes;
    }

    @Override
    public MemberPage readMembers(String audienceId, String pageToken) {
        return new MemberPage(new ArrayList<>(members.values()), null);
    }

    @Override
    public Optional<RemoteMember> readMember(String audienceId, Address address) {
        if (!memberRead) {
            throw new UnsupportedOperationException("FakeTool does not read single members");
        }
        memberReads++;
        return Optional.ofNullable(members.get(address.key()));
    }

    /** Events per page of {@link #readEvents} (all in one page by default). */
    int eventPageSize = Integer.MAX_VALUE;
    /** While set, reading the page that starts at this event fails with {@link #failingRead}. */
    Integer failingPageStart;
    RetriableException failingRead;
    /** The threads the event pages were read on, in order. */
    final List<String> eventReadThreads = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public EventPage readEvents(String audienceId, Instant since, String pageToken) {
        eventReadThreads.add(Thread.currentThread().getName());
        List<ToolEvent> all = events.stream().filter(e -> since == null || e.occurredAt().isAfter(since)).toList();
        int from = pageToken == null ? 0 : Integer.parseInt(pageToken);
        if (failingPageStart != null && failingPageStart == from) {
            throw failingRead;
        }
        int to = (int) Math.min(all.size(), (long) from + eventPageSize);
        return new EventPage(all.subList(from, to), to < all.size() ? String.valueOf(to) : null);
    }

    /** A recipient unsubscribes through the tool. */
    void recipientUnsubscribes(String email) {
        recipientUnsubscribes(email, tick());
    }

    /** A recipient unsubscribes through the tool at {@code at} (the tool's clock). */
    void recipientUnsubscribes(String email, Instant at) {
        Address address = Address.parse(email);
        RemoteMember m = members.get(address.key());
        members.put(address.key(), new RemoteMember(address.key(), address, SubscriptionStatus.UNSUBSCRIBED, m.fields(), m.tags(), at));
        events.add(new ToolEvent.Unsubscribed("e" + ++eventIds, address.key(), address, at, "manual"));
    }

    /** Someone signs up through the tool's form. */
    void signup(String email) {
        Address address = Address.parse(email);
        put(address, SubscriptionStatus.PENDING, Map.of(), Set.of());
        events.add(new ToolEvent.Subscribed("e" + ++eventIds, address.key(), address, tick(), SubscriptionStatus.PENDING, Map.of()));
    }

    /**
     * The recipient of the member at {@code from} changes its address in the tool; a poll shows the member at
     * {@code to} (with its fields), nothing at {@code from}.
     */
    void recipientChangesAddress(String from, String to) {
        RemoteMember old = members.remove(Address.parse(from).key());
        Address address = Address.parse(to);
        put(address, old.status(), old.fields(), old.tags());
        events.add(new ToolEvent.Subscribed("e" + ++eventIds, address.key(), address, tick(), old.status(), old.fields()));
    }

    /** A subscribed member appears at {@code email} carrying the given fields (e.g. an old member, moved unseen). */
    void memberAppears(String email, Map<String, String> fields) {
        Address address = Address.parse(email);
        put(address, SubscriptionStatus.SUBSCRIBED, fields, Set.of());
        events.add(new ToolEvent.Subscribed("e" + ++eventIds, address.key(), address, tick(), SubscriptionStatus.SUBSCRIBED, fields));
    }

    SubscriptionStatus status(String email) {
        RemoteMember m = members.get(Address.parse(email).key());
        return m == null ? SubscriptionStatus.NONE : m.status();
    }

    private void put(Address address, SubscriptionStatus status, Map<String, String> fields, Set<String> tags) {
        members.put(address.key(), new RemoteMember(address.key(), address, status, fields, tags, tick()));
    }

    private Instant tick() {
        return clock.instant();
    }

    @Override
    public void close() {
    }
}
