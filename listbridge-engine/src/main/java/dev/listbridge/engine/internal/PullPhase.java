package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.config.InboundPolicy;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.StateTx;
import dev.listbridge.store.SuppressionRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Step 1 of a cycle: pull tool events since the cursor, attribute each to the contacts that owned the
 * address then, record suppressions and journal the CRM write-backs.
 */
final class PullPhase {
    static final String EVENTS_CURSOR = "events";
    /**
     * Tools report change times to the second and page over moving data: pull with this overlap before the
     * newest change time seen (the tool's own clock) and dedupe by event id.
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    /** With no event seen yet, the cursor starts this far before our clock, in case the tool's clock lags ours. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /**
     * The events cursor once the overlap before it has been read again late enough that nothing older can
     * still appear (see {@link #run}); from then on a pull starts one second before the cursor, not
     * {@link #OVERLAP} before it. Without this, the last minute before the newest change (after a push:
     * every echo of it) would be pulled again by every cycle until the tool reports a newer change.
     */
    static final String SETTLED_CURSOR = "events.settled";
    /** Tools report change times to the second and pull strictly after {@code since}: this catches the same second. */
    static final Duration SAME_SECOND = Duration.ofSeconds(1);
    /** How far apart a webhook's and the event pull's times of one complaint may be. */
    static final Duration SAME_COMPLAINT = Duration.ofMinutes(15);
    /**
     * When (our clock, epoch millis) the page holding the events cursor's change was received: the tool's
     * clock read at least the cursor then, so it reads at least the cursor plus the time elapsed since.
     */
    static final String OBSERVED_AT = "events.observedAt";
    /**
     * The newest change time up to which every change has been pulled (see {@link #run}); a pull need not
     * start before it, however recent the cursor.
     */
    static final String READ_THROUGH = "events.readThrough";

    /**
     * How far the tool's clock is ahead of ours at most (millis, may be negative), as the tool's stamp on a member
     * a write created showed (ApplyPhase); without it, {@link #CLOCK_MARGIN}.
     */
    static final String TOOL_CLOCK_AHEAD = "tool.clockAheadAtMost";
    /**
     * How long after a call was sent the tool may still carry it out: Mailchimp ends a call after 120 s
     * (specs/API-NOTES.md 1.12), and a client that gave up earlier does not stop it.
     */
    static final Duration CALL_MAY_RUN = Duration.ofSeconds(120);

    private final Cycle cycle;
    private final ToolConnector tool;
    private final Retry retry;
    /** The newest change time (the tool's clock) seen by the pull so far, or the cursor's; null before any. */
    private Instant newest;
    /** When (our clock) this pull applied the page holding {@link #newest}; null while it holds the cursor's. */
    private Instant newestSeenAt;
    /** The current page's lookups; none for pushed events. */
    private PageLookups lookups = PageLookups.none();
    /**
     * Whether the events being applied were pushed by the tool (webhooks) rather than pulled. A connector installs
     * its webhooks with events caused by API calls turned off (SPI {@link ToolConnector#installWebhook}), so a
     * pushed event is never Listbridge's own write coming back: it is the recipient's or a person's in the tool.
     */
    private boolean pushed;

    /** Where the events being applied were learned, as their suppressions record it: pulled, or pushed (webhooks). */
    private String source() {
        return cycle.toolName + (pushed ? ":webhook" : ":event");
    }

    PullPhase(Cycle cycle, ToolConnector tool, Retry retry) {
        this.cycle = cycle;
        this.tool = tool;
        this.retry = retry;
    }

    /**
     * Pulls events since the cursor, applies them and moves the cursor.
     *
     * <p>The cursor is the newest change time seen, on the tool's clock. Changes become visible in a tool at
     * most {@link #OVERLAP} after they happen, and the tool's clock is within {@link #CLOCK_MARGIN} of ours:
     * so a pull that starts at least both after the cursor has read everything up to the cursor, and the
     * cursor is settled.
     *
     * <p>The tool's own clock narrows the overlap without trusting ours to be in sync with it, only to run at
     * the same rate: the page that held the cursor's change was written when the tool's clock read at least
     * the cursor, so when a later pull starts, the tool's clock reads at least the cursor plus the time
     * elapsed on ours since that page arrived ({@link #OBSERVED_AT}). Everything that changed more than
     * {@link #OVERLAP} before that was visible when the pull started, and the pull reads it: after the pull,
     * every change up to that bound has been read ({@link #READ_THROUGH}), and the next pull starts one
     * second before the bound's second (at the latest right after the cursor's second) when that is later than
     * the overlap before the cursor ({@link #since}). Without this the cycles following a push re-read its last minute of
     * echoes until the cursor settles, and a steady cycle the newest change's second.
     */
    void run(StateTx tx) {
        String list = cycle.audience.list();
        Optional<String> cursor = tx.cursors().get(cycle.name(), EVENTS_CURSOR);
        if (cursor.isEmpty()) {
            importMembers(tx, list);
        }
        boolean settled = cursor.isPresent() && cursor.equals(tx.cursors().get(cycle.name(), SETTLED_CURSOR));
        Optional<Instant> readThrough = cursor.isEmpty() ? Optional.empty()
                : tx.cursors().get(cycle.name(), READ_THROUGH).map(Instant::parse);
        Instant since = cursor.map(value -> since(Instant.parse(value), settled, readThrough)).orElse(null);
        cycle.pulledSince = since;
        this.newest = cursor.map(Instant::parse).orElse(null);
        Instant started = cycle.clock.instant();
        // the tool's clock reads at least this now; null when no change was ever observed
        Instant toolClockAtLeast = cursor.flatMap(value -> tx.cursors().get(cycle.name(), OBSERVED_AT)
                .map(observed -> Instant.parse(value).plusMillis(Math.max(0, started.toEpochMilli() - Long.parseLong(observed)))))
                .orElse(null);
        this.newestSeenAt = null;
        // The next page is read while this one is applied (a connector takes calls from several threads at once, SPI):
        // at a million contacts the pull waited a fifth of its time for pages. A change's page is taken for received
        // when it is applied, later than it was: OBSERVED_AT errs on the safe side.
        CompletableFuture<EventPage> next = readEvents(list, since, null);
        try {
            while (next != null) {
                EventPage page = OwnThread.join(next);
                next = page.nextPageToken() == null ? null : readEvents(list, since, page.nextPageToken());
                applyPage(tx, page, cursor.isPresent());
            }
        } finally {
            if (next != null) {
                next.exceptionally(e -> null).join(); // a pull that failed leaves no read running
            }
        }
        lookups = PageLookups.none();
        Instant stored = newest != null ? newest : cycle.clock.instant().minus(CLOCK_MARGIN);
        tx.cursors().set(cycle.name(), EVENTS_CURSOR, stored.toString());
        if (newestSeenAt != null) {
            tx.cursors().set(cycle.name(), OBSERVED_AT, Long.toString(newestSeenAt.toEpochMilli()));
        }
        if (toolClockAtLeast != null) {
            Instant read = toolClockAtLeast.minus(OVERLAP);
            if (readThrough.isEmpty() || read.isAfter(readThrough.get())) {
                tx.cursors().set(cycle.name(), READ_THROUGH, read.toString());
            }
        }
        boolean nothingNewer = cursor.isPresent() && cursor.get().equals(stored.toString());
        if (nothingNewer && !settled && !started.isBefore(stored.plus(OVERLAP).plus(CLOCK_MARGIN))) {
            tx.cursors().set(cycle.name(), SETTLED_CURSOR, stored.toString());
        }
    }

    private CompletableFuture<EventPage> readEvents(String list, Instant since, String pageToken) {
        return OwnThread.start("listbridge-events-" + cycle.name(),
                () -> retry.call("read events", () -> tool.readEvents(list, since, pageToken)));
    }

    /**
     * Applies one page of pulled events and records their ids; moves {@link #newest} (and {@link #newestSeenAt}) to
     * the newest change seen.
     *
     * @param imported whether the members were imported before this pull (else only complaints are applied)
     */
    private void applyPage(StateTx tx, EventPage page, boolean imported) {
        lookups = PageLookups.of(tx, cycle.name(), page.events(), source());
        List<String> applied = new ArrayList<>(page.events().size());
        for (ToolEvent event : page.events()) {
            cycle.report.count("events pulled");
            if (!lookups.firstTime(event.eventId())) {
                cycle.report.count("events already applied");
                continue;
            }
            applied.add(event.eventId());
            // On the first sync the member import already holds every status; a complaint still counts.
            if (imported || event instanceof ToolEvent.Complained) {
                apply(tx, event);
            }
            if (newest == null || event.occurredAt().isAfter(newest)) {
                newest = event.occurredAt();
                newestSeenAt = cycle.clock.instant();
            }
        }
        // recorded in the transaction that applies them: both happen or neither
        tx.processedEvents().addAll(cycle.name(), applied, cycle.now());
    }

    /**
     * Where a pull starts: see {@link #run}. A change the tool reports at second {@code s} happened within
     * {@code [s, s + 1)}: every change of a second that ended by the read-through bound has been read, so the pull
     * starts after the second before the bound's own second, but never after the cursor. So once a pull started
     * more than {@link #OVERLAP} after the newest change (on the tool's clock), the next one starts right after that
     * change's second instead of reading it again (after a push, thousands of members changed in that second); and
     * a change newer than the newest seen is always read, even if our clock jumped forward and the bound with it.
     */
    static Instant since(Instant cursor, boolean settled, Optional<Instant> readThrough) {
        Instant since = cursor.minus(settled ? SAME_SECOND : OVERLAP);
        if (readThrough.isPresent()) {
            Instant bound = readThrough.get().truncatedTo(ChronoUnit.SECONDS).minus(SAME_SECOND);
            if (bound.isAfter(cursor)) {
                bound = cursor;
            }
            if (bound.isAfter(since)) {
                since = bound;
            }
        }
        return since;
    }

    /**
     * Applies events a tool pushed (webhooks) as pulled ones, deduplicated by event id; moves no cursor, since the
     * pull still runs and finds the same events (then recognised as applied, or as a state already known). One
     * difference: a pushed opt-out is never taken for Listbridge's own unsubscribe coming back (see {@link #pushed}),
     * even where the member holds the status Listbridge wrote or whose outcome is unknown.
     *
     * @return false when the audience has never been synced: the events wait until the first sync has
     *         imported the tool's members
     */
    boolean applyReceived(StateTx tx, List<ToolEvent> events) {
        if (tx.cursors().get(cycle.name(), EVENTS_CURSOR).isEmpty()) {
            return false;
        }
        pushed = true;
        for (ToolEvent event : events) {
            cycle.report.count("events received");
            if (tx.processedEvents().seen(cycle.name(), event.eventId())) {
                cycle.report.count("events already applied");
                continue;
            }
            apply(tx, event);
            tx.processedEvents().add(cycle.name(), event.eventId(), cycle.now());
        }
        return true;
    }

    /**
     * First sync: learn the members the tool already has, so the diff adopts them by address and knows
     * who opted out before Listbridge arrived. They stay foreign (never changed) until adopted.
     */
    private void importMembers(StateTx tx, String list) {
        String token = null;
        long now = cycle.now();
        do {
            String pageToken = token;
            MemberPage page = retry.call("read members", () -> tool.readMembers(list, pageToken));
            for (RemoteMember remote : page.members()) {
                String status = remote.status().name().toLowerCase(Locale.ROOT);
                long at = remote.lastChanged() == null ? now : remote.lastChanged().toEpochMilli();
                tx.members().save(new MemberRow(cycle.name(), remote.address().key(), remote.address().ascii(),
                        remote.memberId(), status, "tool", at, "foreign", false,
                        "pending".equals(status) ? at : null, Set.of()));
                String reason = suppressionReason(remote.status());
                if (reason != null) {
                    String scope = "unsubscribed".equals(reason) ? cycle.name() : SuppressionRow.EVERYWHERE;
                    tx.suppressions().add(scope, remote.address().key(), reason, cycle.toolName + ":import", at, now);
                }
                cycle.report.count("members found in tool");
            }
            token = page.nextPageToken();
        } while (token != null);
    }

    private static String suppressionReason(SubscriptionStatus status) {
        return switch (status) {
            case UNSUBSCRIBED -> "unsubscribed";
            case CLEANED -> "hard_bounce";
            case COMPLAINED -> "complaint";
            default -> null;
        };
    }

    private void apply(StateTx tx, ToolEvent event) {
        String key = event.address().key();
        MemberRow member = lookups.member(tx, cycle.name(), key);
        try {
            dispatch(tx, event, member);
        } finally {
            lookups.forget(key);
        }
    }

    private void dispatch(StateTx tx, ToolEvent event, MemberRow member) {
        String key = event.address().key();
        switch (event) {
            case ToolEvent.Unsubscribed e -> suppress(tx, e, member, "unsubscribed", "unsubscribed", cycle.name());
            case ToolEvent.HardBounced e -> suppress(tx, e, member, "cleaned", "hard_bounce", SuppressionRow.EVERYWHERE);
            case ToolEvent.Complained e -> suppress(tx, e, member, "unsubscribed", "complaint", SuppressionRow.EVERYWHERE);
            case ToolEvent.Subscribed e -> subscribed(tx, e, member);
            case ToolEvent.Archived e -> archived(tx, e, member);
            case ToolEvent.SoftBounced e -> cycle.audit(tx, null, key, "soft_bounce", "campaign", e.campaignId());
            case ToolEvent.ProfileChanged e -> cycle.audit(tx, null, key, "profile_changed_in_tool", "fields", e.fields());
            case ToolEvent.AddressChanged e -> addressChanged(tx, e);
        }
    }

    private void suppress(StateTx tx, ToolEvent event, MemberRow member, String memberStatus, String reason, String scope) {
        String key = event.address().key();
        boolean complaint = "complaint".equals(reason);
        long at = event.occurredAt().toEpochMilli();
        // The same status again is what we know, or our own write coming back; but where the tool itself reported
        // that status, or answered our write of it with its change time, a newer change time (both on the tool's
        // clock) means the recipient acted again in between (e.g. signed up and unsubscribed between two polls): a
        // new opt-out. A pushed one is never our own write coming back (webhooks leave out API calls' events): over the
        // status Listbridge set, it is the recipient's, whether or not Listbridge's write was carried out. Over a status
        // the tool reported, the rule above still recognises the same opt-out told twice (a webhook and the pull).
        boolean again = member != null && (pushed && "listbridge".equals(member.statusBy())
                || "tool".equals(member.statusBy()) && at > member.statusAt()
                || member.writtenAt() != null && at > member.writtenAt()
                || !complaint && notOurOwnUnsubscribe(tx, member, memberStatus, at));
        if (!complaint && member != null && memberStatus.equals(member.status()) && !again) {
            unchanged(member);
            return;
        }
        if (complaint && !Cycle.active(member) && lookups.complaintNear(tx, key, at, SAME_COMPLAINT.toMillis(), source())) {
            // The same complaint, told twice with two event ids (a webhook and the event pull): a recipient who
            // has not signed up again since receives no campaign to complain about again. Two complaints from one
            // source are two (two abuse reports): the recipient signed up again in between, unseen (seed 717311191).
            cycle.report.count("complaints already applied");
            return;
        }
        tx.suppressions().add(scope, key, reason, source(), at, cycle.now());
        if (lookups.mayWaitUpsert(key)) {
            // A write planned before it must not undo it (I2): a waiting upsert's status goes, its fields are kept
            // aside until the member is active again (restate), when they are sent with the status the tool reports.
            tx.outbox().park(cycle.name(), "upsert", key, cycle.now());
        }
        // An abuse report comes apart from the member's state: a state the tool reported as later stands. The tool tells
        // times to the second, and a recipient complains about mail a member received: a state of the complaint's own
        // second (e.g. Listbridge's subscribe, stamped to the millisecond) is older than the complaint.
        boolean laterState = complaint && member != null && Math.floorDiv(member.statusAt(), 1000) > Math.floorDiv(at, 1000);
        MemberRow updated = member == null
                ? seenInTool(event, memberStatus, at)
                : laterState ? member : member.withStatus(memberStatus, "tool", at);
        tx.members().save(updated);
        String statement = cycle.statementFor(reason);
        String label = switch (reason) {
            case "hard_bounce" -> "hard bounces";
            case "complaint" -> "complaints";
            default -> "opt-outs";
        };
        List<LinkRow> owners = Attribution.owners(lookups.history(tx, cycle.name(), key), at);
        if (owners.isEmpty()) {
            cycle.report.item(label + " for unknown addresses", event.address().original());
            cycle.audit(tx, null, key, reason, "address", event.address().original(), "at", event.occurredAt().toString(),
                    "attributed", false);
            return;
        }
        for (LinkRow owner : owners) {
            cycle.report.item(label, owner.contactKey() + " <" + owner.email() + ">");
            cycle.audit(tx, owner.contactKey(), key, reason, "address", owner.email(), "at", event.occurredAt().toString(),
                    "current", owner.open());
            writeBack(tx, statement, owner, null, at, reason, event.eventId());
        }
    }

    /**
     * Whether a member polled unsubscribed, the status Listbridge set and wrote but whose write the tool never
     * acknowledged with its change time, was unsubscribed by its recipient rather than by that write: no attempt of
     * Listbridge's unsubscribes for the address can have been carried out (each failed with an answer that proves it
     * was not: a 429, a 503, no connection), or the change time is later than the tool's clock can have read when
     * the last one that may have been was over (converted with {@link #TOOL_CLOCK_AHEAD}): when its answer arrived,
     * whole or cut short after a success status, or {@link #CALL_MAY_RUN} after a failure that leaves the call
     * running. Earlier, the change may be that write's (its answer was lost: a timeout, a reset, a 5xx from a
     * gateway): it is taken for it, and counted (docs/RELIABILITY.md, known limits). Only a polled opt-out needs this:
     * a pushed one is the recipient's whatever the window ({@link #pushed}).
     */
    private boolean notOurOwnUnsubscribe(StateTx tx, MemberRow member, String memberStatus, long at) {
        if (!"unsubscribed".equals(memberStatus) || !memberStatus.equals(member.status())
                || !"listbridge".equals(member.statusBy()) || member.writtenAt() != null) {
            return false;
        }
        OptionalLong until = tx.outbox().unsubscribeMayHaveApplied(cycle.name(), member.emailKey(), CALL_MAY_RUN);
        if (until.isEmpty()) {
            return true;
        }
        long ahead = tx.cursors().get(cycle.name(), TOOL_CLOCK_AHEAD).map(Long::parseLong).orElse(CLOCK_MARGIN.toMillis());
        if (at > until.getAsLong() + ahead) {
            return true;
        }
        cycle.report.count("opt-outs that may be Listbridge's own unacknowledged unsubscribe (taken for it)");
        return false;
    }

    private void subscribed(StateTx tx, ToolEvent.Subscribed event, MemberRow member) {
        String key = event.address().key();
        String status = event.status().name().toLowerCase(Locale.ROOT);
        long at = event.occurredAt().toEpochMilli();
        if (member != null && status.equals(member.status())) {
            if (at > member.statusAt()) {
                tx.members().save(member.withStatus(status, member.statusBy(), at)); // seen so at that time
            }
            unchanged(member);
            return;
        }
        lookups.forgetAll(); // what follows may move a member to this address from another one
        List<LinkRow> open = tx.ledger().openLinksOf(cycle.name(), key);
        if (member == null && ToolAddressChanges.handled(cycle, tx, event, this::addressChanged, this::stillHeld)) {
            return; // a recipient changed the address in the tool: the member carries a known contact's CRM key
        }
        if (member == null && !tx.ledger().everKnown(key)) {
            inbound(tx, event);
            tx.members().save(seenInTool(event, status, at));
            return;
        }
        if (open.isEmpty()) {
            // A retired address (e.g. the old one after an address change) re-subscribed by its recipient:
            // released, reported, and never changed by Listbridge again. No CRM contact is created.
            MemberRow base = member != null ? member : seenInTool(event, status, at);
            tx.members().save(base.withStatus(status, "tool", at).asReleased());
            for (String kind : List.of("upsert", "unsubscribe", "archive", "tag")) {
                tx.outbox().supersede(cycle.name(), kind, key, cycle.now()); // nothing still waiting may touch it (I5)
            }
            cycle.report.item(CycleReport.RELEASED, event.address().original());
            cycle.audit(tx, null, key, "released", "address", event.address().original(), "status", status,
                    "at", event.occurredAt().toString());
            return;
        }
        MemberRow base = member != null ? member : seenInTool(event, status, at);
        boolean wasPending = "pending".equals(base.status());
        tx.members().save(base.withStatus(status, "tool", at));
        restate(tx, event.address(), status);
        if (event.status() == SubscriptionStatus.SUBSCRIBED) {
            tx.suppressions().lift(cycle.name(), key, cycle.now(), "re-subscribed in " + cycle.toolName);
            for (LinkRow owner : open) {
                String kind = wasPending ? "confirmed" : "resubscribed_in_tool";
                cycle.report.item(wasPending ? "double opt-ins confirmed" : "re-subscribed in the tool",
                        owner.contactKey() + " <" + owner.email() + ">");
                cycle.audit(tx, owner.contactKey(), key, kind, "address", owner.email(), "at", event.occurredAt().toString());
                writeBack(tx, "confirmed", owner, null, at, kind, event.eventId());
            }
        }
    }

    /**
     * A status the tool reported after an upsert was planned wins over the plan: a waiting upsert keeps its
     * fields but takes that status. Otherwise a subscribe planned before a recipient's own signup (pending) would
     * skip the double opt-in the recipient started, and a pending planned before a confirmation would ask a
     * confirmed recipient again. (A polled tool shows only the newest status: an opt-out in between that the
     * signup overwrote is not seen; see docs/RELIABILITY.md, known limits.) The fields an opt-out or archive set
     * aside (parked) go out now as well, with that status: the member is active again.
     */
    private void restate(StateTx tx, Address address, String status) {
        List<OutboxRow> waiting = new ArrayList<>(tx.outbox().parked(cycle.name(), "upsert", address.key()));
        waiting.addAll(tx.outbox().unfinished(cycle.name(), "upsert", address.key()));
        for (OutboxRow row : waiting) {
            Op.Upsert op = Json.read(row.payload(), Op.Upsert.class);
            boolean parked = OutboxRow.PARKED.equals(row.state());
            if (!op.status().equals(status) || parked) {
                cycle.rejournal(tx, row, new Op.Upsert(op.contactKey(), op.address(), status, op.fields(), false, op.reason()),
                        address.key());
                cycle.report.item(parked ? "fields kept while opted out, sent with the status the tool reported"
                        : "waiting writes that take the status the tool reported", op.address() + ": " + status);
            }
        }
    }

    private void inbound(StateTx tx, ToolEvent.Subscribed event) {
        InboundPolicy policy = cycle.audience.inbound();
        String address = event.address().original();
        switch (policy) {
            case REPORT -> {
                cycle.report.item("signups in the tool unknown to the CRM (reported)", address);
                cycle.audit(tx, null, event.address().key(), "signup_reported", "address", address,
                        "at", event.occurredAt().toString());
            }
            case CREATE -> {
                String sql = cycle.statement("signup");
                if (sql == null) {
                    cycle.report.item("signups not created: no crm.writeBack.signup statement", address);
                    return;
                }
                cycle.report.item("signups created in the CRM", address);
                cycle.audit(tx, null, event.address().key(), "signup_created", "address", address);
                Op.WriteBack op = new Op.WriteBack("signup", sql, "", address, null, event.occurredAt().toEpochMilli(),
                        "signup", event.eventId());
                cycle.journalWriteBack(tx, op, event.address().key(), null);
            }
            case IGNORE -> cycle.report.count("signups ignored");
        }
    }

    private void archived(StateTx tx, ToolEvent.Archived event, MemberRow member) {
        if (member != null && "archived".equals(member.status())) {
            unchanged(member);
            return;
        }
        if (member != null) {
            tx.members().save(member.withStatus("archived", "tool", event.occurredAt().toEpochMilli()));
        }
        // an upsert planned before would re-add a member archived by hand (DESIGN.md 6.6: only newer consent does);
        // its fields are kept aside until the member is active again (restate)
        tx.outbox().park(cycle.name(), "upsert", event.address().key(), cycle.now());
        cycle.report.item("archived in the tool by hand (not re-added without newer consent)", event.address().original());
        cycle.audit(tx, null, event.address().key(), "archived_in_tool", "at", event.occurredAt().toString());
    }

    private void addressChanged(StateTx tx, ToolEvent.AddressChanged event) {
        lookups.forgetAll(); // the write-back concerns the new address as well
        long at = event.occurredAt().toEpochMilli();
        for (LinkRow owner : Attribution.owners(tx, cycle.name(), event.address().key(), at)) {
            cycle.report.item("address changes made in the tool", owner.contactKey() + ": " + event.address() + " -> "
                    + event.newAddress());
            cycle.audit(tx, owner.contactKey(), event.address().key(), ToolAddressChanges.MOVED,
                    "from", event.address().original(), "to", event.newAddress().original());
            writeBack(tx, "addressChanged", owner, event.newAddress().original(), at, "address changed in tool",
                    event.eventId());
        }
    }

    /**
     * Whether the tool holds a member at the address, by one read (SPI 1.3); false where the tool cannot read single
     * members, so that a move is judged from the poll alone, as before.
     */
    private boolean stillHeld(Address address) {
        if (!cycle.capabilities.memberRead()) {
            return false;
        }
        cycle.report.count("members read before a move");
        return retry.call("read member", () -> tool.readMember(cycle.audience.list(), address)).isPresent();
    }

    /** The member as first seen in a tool event: not created or adopted by Listbridge, so never changed by it. */
    private MemberRow seenInTool(ToolEvent event, String status, long at) {
        return new MemberRow(cycle.name(), event.address().key(), event.address().ascii(), event.memberId(), status, "tool",
                at, "foreign", false, "pending".equals(status) ? at : null, Set.of());
    }

    /** An event that changes nothing: our own write coming back (an echo), or a state we already know. */
    private void unchanged(MemberRow member) {
        cycle.report.count("listbridge".equals(member.statusBy()) ? "echoes ignored" : "events without change");
    }

    private void writeBack(StateTx tx, String statement, LinkRow owner, String newEmail, long at, String reason,
                           String eventId) {
        String sql = cycle.statement(statement);
        if (sql == null) {
            cycle.report.count("write-backs not configured (" + statement + ")");
            return;
        }
        Op.WriteBack op = new Op.WriteBack(statement, sql, owner.contactKey(), owner.email(), newEmail, at, reason, eventId);
        cycle.journalWriteBack(tx, op, owner.emailKey(), owner.contactKey());
    }
}
