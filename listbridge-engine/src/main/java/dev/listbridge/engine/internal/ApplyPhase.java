package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.WriteBack;
import dev.listbridge.spi.WriteOutcome;
import dev.listbridge.store.AuditRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.StateStore;
import dev.listbridge.store.StateTx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Step 5 of a cycle: carry out what the outbox holds, CRM write-backs first, then tool writes in the
 * tool's largest batches. Each outcome is acknowledged in its own small transaction, so a crash loses
 * at most the acknowledgement of a write that is then replayed (writes are idempotent in effect).
 */
final class ApplyPhase {
    private final Cycle cycle;
    private final StateStore store;
    private final ToolConnector tool;
    private final CrmSource crm;
    private final Retry retry;
    private final dev.listbridge.engine.Progress progress;
    /** Outbox rows read at a time: ten of the largest batches any tool takes today. */
    private static final int PAGE = 5_000;
    /**
     * Write-backs acknowledged together, in one transaction. Each acknowledgement adds an entry to an index of the
     * audit log ordered by contact, at a random place: committed 5,000 at a time, nearly every one dirtied a page of
     * its own, written to SQLite's log in full (at a million contacts about 20 MB per commit, most of the write-back
     * phase). Five pages at a time write most of those pages once for several entries. A crash before the commit
     * applies up to this many write-backs again, which are idempotent in effect.
     */
    static final int ACKNOWLEDGED_TOGETHER = 5 * PAGE;
    /** Write-backs in one CRM transaction. */
    static final int CRM_BATCH = 500;
    /** Write-backs refused alone, with none applied before them in their batch, that tell a statement refused as such. */
    static final int REFUSED_BEFORE_GIVING_UP = 2;
    /** Tool calls sent at the same time at most (see {@link #callsAtOnce}). */
    static final int CALLS_AT_ONCE = 4;
    private boolean toolStopped;
    /** A refusal journaled a follow-up write (a double opt-in instead of a subscribe) to try in this cycle. */
    private boolean statusWritesLater;

    ApplyPhase(Cycle cycle, StateStore store, ToolConnector tool, CrmSource crm, Retry retry,
               dev.listbridge.engine.Progress progress) {
        this.cycle = cycle;
        this.store = store;
        this.tool = tool;
        this.crm = crm;
        this.retry = retry;
        this.progress = progress;
    }

    /**
     * Applies the journaled CRM write-backs, a page at a time. Every {@link #ACKNOWLEDGED_TOGETHER} write-backs, their
     * acknowledgements are committed in the background while the CRM runs the next page's statements
     * ({@link BackgroundAcknowledgements}); every one is committed when this returns or throws.
     */
    void writeBacks() {
        BackgroundAcknowledgements.around("listbridge-write-backs-" + cycle.name(), this::writeBackPages);
    }

    private void writeBackPages(BackgroundAcknowledgements acknowledgements) {
        long done = 0;
        List<OutboxRow> rows = page("writeback", 0);
        List<Long> ids = new ArrayList<>();
        List<AuditRow> audit = new ArrayList<>();
        while (!rows.isEmpty()) {
            if (!writeBackPage(rows, done, ids, audit, acknowledgements)) {
                return;
            }
            done += rows.size();
            List<OutboxRow> next = page("writeback", last(rows), acknowledgements);
            if (ids.size() >= ACKNOWLEDGED_TOGETHER || next.isEmpty()) {
                List<Long> acknowledgedIds = ids;
                List<AuditRow> acknowledgedAudit = audit;
                acknowledgements.submit(() -> acknowledgeWriteBacks(acknowledgedIds, acknowledgedAudit));
                ids = new ArrayList<>();
                audit = new ArrayList<>();
            }
            rows = next;
        }
    }

    /**
     * Applies one page of write-backs, in CRM batches of {@link #CRM_BATCH} (see {@link #writeBackBatch}), adding the
     * acknowledgements of those the CRM committed to {@code done} and {@code audit}; false when the CRM could not take
     * them or refused the statement as such (the rest waits), after acknowledging those it took. The batches are
     * acknowledged in the state store together, up to {@link #ACKNOWLEDGED_TOGETHER} at a time (or before a failure is
     * recorded): a crash in between applies them again, which DESIGN.md section 7 requires to be idempotent in effect,
     * in their order.
     */
    private boolean writeBackPage(List<OutboxRow> rows, long before, List<Long> done, List<AuditRow> audit,
                                  BackgroundAcknowledgements acknowledgements) {
        for (int from = 0; from < rows.size(); from += CRM_BATCH) {
            List<OutboxRow> chunk = rows.subList(from, Math.min(rows.size(), from + CRM_BATCH));
            if (!writeBackBatch(chunk, done, audit, acknowledgements)) {
                return false;
            }
            progress.update("CRM write-backs", before + from + chunk.size());
        }
        return true;
    }

    /**
     * One batch of write-backs in one CRM transaction. When the CRM refuses it (a statement fails for a row: a
     * constraint, a trigger, a value too long), the batch is halved, and halved again, until each refused write-back
     * stands alone: it becomes a dead letter with the CRM's message and the others are applied, in their order. A
     * batch refused as a whole stayed so in every retry, and one contact's refusal kept the opt-outs of up to 499
     * others from the CRM. A statement refused for every row (a column or a permission missing) is told by its first
     * {@link #REFUSED_BEFORE_GIVING_UP} write-backs each refused alone with none applied before them: the batch's
     * untried rest becomes dead letters with them, and the write-backs stop for now, after about
     * log2({@link #CRM_BATCH}) + 2 tries. False when the write-backs stop.
     */
    private boolean writeBackBatch(List<OutboxRow> rows, List<Long> done, List<AuditRow> audit,
                                   BackgroundAcknowledgements acknowledgements) {
        Deque<List<OutboxRow>> parts = new ArrayDeque<>();
        parts.add(rows);
        boolean applied = false;
        int refusedAlone = 0;
        while (!parts.isEmpty()) {
            List<OutboxRow> part = parts.pollFirst();
            List<Op.WriteBack> ops = new ArrayList<>(part.size());
            List<WriteBack> batch = new ArrayList<>(part.size());
            for (OutboxRow row : part) {
                Op.WriteBack op = Json.read(row.payload(), Op.WriteBack.class);
                ops.add(op);
                batch.add(new WriteBack(op.statement(), op.sql(), op.contactKey(), op.email(), op.newEmail(),
                        op.occurredAt() == null ? null : Instant.ofEpochMilli(op.occurredAt()), op.reason(), cycle.name()));
            }
            List<Integer> changed;
            try {
                changed = retry.call("CRM write-back", () -> crm.writeBack(batch));
            } catch (RetriableException e) {
                acknowledgeNow(done, audit, acknowledgements);
                stillPending(joined(part, parts), e);
                cycle.report.message("CRM write-back did not succeed after retries: " + e.getMessage());
                return false;
            } catch (ListbridgeException e) {
                if (part.size() > 1) {
                    parts.addFirst(part.subList(part.size() / 2, part.size()));
                    parts.addFirst(part.subList(0, part.size() / 2));
                    continue;
                }
                acknowledgeNow(done, audit, acknowledgements);
                refusedAlone++;
                boolean statementRefused = !applied && refusedAlone == REFUSED_BEFORE_GIVING_UP;
                List<OutboxRow> refused = statementRefused ? joined(part, parts) : part;
                dead(refused, e.getMessage());
                if (refusedAlone == 1) { // later ones are among the dead letters
                    cycle.report.message("CRM write-back failed: " + e.getMessage());
                }
                cycle.report.outcome(dev.listbridge.engine.CycleOutcome.FAILED);
                if (statementRefused) {
                    cycle.report.message("the CRM refused the first " + REFUSED_BEFORE_GIVING_UP + " write-backs of a batch each "
                            + "alone, applying none: taken for a statement it refuses as such, the batch's other "
                            + (refused.size() - 1) + " are dead letters too; the rest waits");
                    return false;
                }
                continue;
            } catch (RuntimeException e) {
                acknowledgeNow(done, audit, acknowledgements); // what the CRM committed before is done
                throw e;
            }
            applied = true;
            long now = cycle.now();
            for (int i = 0; i < part.size(); i++) {
                OutboxRow row = part.get(i);
                Op.WriteBack op = ops.get(i);
                done.add(row.id());
                cycle.consentWrittenBack.committed(emptyToNull(op.contactKey()), op.statement(), changed.get(i));
                audit.add(new AuditRow(0, now, cycle.name(), emptyToNull(op.contactKey()), row.emailKey(), "crm_write_back",
                        Json.object("statement", op.statement(), "email", op.email(), "rows", changed.get(i),
                                "reason", op.reason())));
            }
            for (Integer count : changed) {
                cycle.report.count(count == 0 ? CycleReport.WRITE_BACKS_MATCHING_NO_ROW : CycleReport.WRITE_BACKS_APPLIED);
            }
        }
        return true;
    }

    /** {@code first} and then the rows of {@code rest}, in order. */
    private static List<OutboxRow> joined(List<OutboxRow> first, Deque<List<OutboxRow>> rest) {
        List<OutboxRow> all = new ArrayList<>(first);
        rest.forEach(all::addAll);
        return all;
    }

    /** {@link #acknowledgeWriteBacks} on this thread, after the acknowledgement under way: before a failure is recorded. */
    private void acknowledgeNow(List<Long> done, List<AuditRow> audit, BackgroundAcknowledgements acknowledgements) {
        acknowledgements.await();
        acknowledgeWriteBacks(done, audit);
    }

    /** Marks the write-backs the CRM committed as done, with their audit entries, in one transaction. */
    private void acknowledgeWriteBacks(List<Long> done, List<AuditRow> audit) {
        if (done.isEmpty()) {
            return;
        }
        long now = cycle.now();
        store.inTransaction(tx -> {
            tx.outbox().doneAll(done, now);
            tx.audit().appendAll(audit);
            return null;
        });
        done.clear();
        audit.clear();
    }

    void toolWrites() {
        renames();
        statusWrites("unsubscribe");
        statusWrites("upsert");
        tags();
        archives();
    }

    private void renames() {
        for (OutboxRow row : store.inTransaction(tx -> tx.outbox().pending(cycle.name(), "rename"))) {
            if (toolStopped) {
                return;
            }
            Op.Rename op = Json.read(row.payload(), Op.Rename.class);
            Address from = Address.parse(op.from());
            Address to = Address.parse(op.to());
            if (optedOutSince(row, op, from, to)) {
                continue;
            }
            try {
                String memberId = retry.call("rename", () -> tool.rename(cycle.audience.list(), from, to));
                carryWaitingWrites(row, op, from, to);
                acknowledge(List.of(new Written(row, to, memberId)));
                cycle.report.count(CycleReport.TOOL_WRITES_DONE);
            } catch (RecordRejectedException e) {
                if (e.reason() == RejectReason.NOT_FOUND) {
                    // replayed after a crash: the rename was done already; or the member was never created (its
                    // subscribe still waits, and goes to the new address)
                    carryWaitingWrites(row, op, from, to);
                    acknowledge(List.of(new Written(row, to, null)));
                    cycle.report.count(CycleReport.TOOL_WRITES_DONE);
                } else {
                    dead(List.of(row), e.getMessage());
                }
            } catch (RetriableException e) {
                stop(List.of(row), e);
            }
        }
    }

    /**
     * The contact's upserts and tags still waiting for the old address follow a rename to the new one (they are sent
     * after it: renames go first). Sent to the old address they would recreate a member there, which the contact no
     * longer holds; and where the old member was never created (its first subscribe waited while the tool failed),
     * the rename finds nothing and the new address would stay without a member.
     */
    private void carryWaitingWrites(OutboxRow rename, Op.Rename op, Address from, Address to) {
        store.inTransaction(tx -> {
            carry(tx, rename, "upsert", from, to, payload -> {
                Op.Upsert upsert = Json.read(payload, Op.Upsert.class);
                return new Op.Upsert(upsert.contactKey(), op.to(), upsert.status(), upsert.fields(), upsert.consentNewer(), upsert.reason());
            });
            carry(tx, rename, "tag", from, to, payload -> {
                Op.Tag tag = Json.read(payload, Op.Tag.class);
                return new Op.Tag(op.to(), tag.tag(), tag.add());
            });
            return null;
        });
    }

    /** Moves the rename's contact's waiting {@code kind} rows from the old address to the new one. */
    private void carry(StateTx tx, OutboxRow rename, String kind, Address from, Address to, Function<String, Op> retargeted) {
        for (OutboxRow waiting : tx.outbox().unfinished(cycle.name(), kind, from.key())) {
            if (Objects.equals(waiting.contactKey(), rename.contactKey())) {
                cycle.rejournal(tx, waiting, retargeted.apply(waiting.payload()), to.key());
            }
        }
    }

    /**
     * A rename planned before the tool reported its old address opted out (the recipient unsubscribed, bounced
     * or complained while the rename waited) is not made: renaming would carry the opt-out away from its
     * address, and suppressions are never undone. The new address gets a member of its own instead, as where a
     * tool cannot rename (DESIGN.md 6.2), if Listbridge still intends one there.
     */
    private boolean optedOutSince(OutboxRow row, Op.Rename op, Address from, Address to) {
        return store.inTransaction(tx -> {
            MemberRow old = tx.members().find(cycle.name(), from.key()).orElse(null);
            if (old == null || !"tool".equals(old.statusBy())
                    || !"unsubscribed".equals(old.status()) && !"cleaned".equals(old.status())) {
                return false;
            }
            tx.outbox().supersede(row.id(), cycle.now());
            MemberRow target = tx.members().find(cycle.name(), to.key()).orElse(null);
            if (Cycle.active(target)) {
                // An upsert planned for the new address since (the contact's fields edited, or another contact now
                // owning the address) says what its member should carry, and is sent after this: it stays the last.
                if (tx.outbox().unfinished(cycle.name(), "upsert", to.key()).isEmpty()) {
                    cycle.journal(tx, new Op.Upsert(op.contactKey(), op.to(), target.status(), renamedFields(tx, op, to),
                            false, "address changed; the old member opted out"), to.key(), op.contactKey());
                }
                for (String tag : new TreeSet<>(target.tags())) {
                    cycle.journal(tx, new Op.Tag(op.to(), tag, true), to.key(), op.contactKey());
                }
            }
            cycle.report.item("renames not made: the old address opted out in the tool meanwhile", op.from() + " -> " + op.to());
            return true;
        });
    }

    /**
     * The fields the member at the new address would carry had the rename been made: the contact's fields now while it
     * holds that address; once it moved on (or left the selection), those it had when the rename was planned, as the
     * renamed member would have kept them (its later edits go to its address now). A rename journaled before it recorded
     * them takes the contact's fields now, if any.
     */
    private Map<String, String> renamedFields(StateTx tx, Op.Rename op, Address to) {
        Map<String, String> now = tx.snapshots().find(cycle.name(), op.contactKey())
                .map(snapshot -> Json.read(snapshot.data(), ContactRow.Data.class).fields()).orElse(null);
        if (op.fields() == null) {
            return now == null ? Map.of() : now;
        }
        if (now == null) {
            return op.fields();
        }
        boolean holdsAddress = tx.ledger().openLinksOf(cycle.name(), to.key()).stream()
                .anyMatch(link -> link.contactKey().equals(op.contactKey()));
        return holdsAddress ? now : op.fields();
    }

    /**
     * Sends the journaled writes of one kind (upserts and unsubscribes both go through the tool's batch subscribe call)
     * in the tool's largest batches, up to {@link #callsAtOnce} calls at a time. Upserts the tool applied whole are
     * acknowledged in the background while the next calls are sent ({@link BackgroundAcknowledgements}): in a push the
     * cycle otherwise waited in turn for the tool and for the state store. Unsubscribes are not: each attempt is recorded
     * before it is sent and the end of a call's attempts with its acknowledgement, at once (PullPhase tells Listbridge's
     * own opt-outs from the recipients' by those records). Every acknowledgement is committed when this returns or
     * throws.
     */
    private void statusWrites(String kind) {
        withToolWriteAcknowledgements(acknowledgements -> {
            long done = 0;
            boolean prepared = false;
            for (List<OutboxRow> rows = page(kind, 0, acknowledgements); !rows.isEmpty() && !toolStopped;
                 rows = page(kind, last(rows), acknowledgements)) {
                if (kind.equals("upsert") && !prepared) {
                    prepare();
                    prepared = true;
                }
                statusWritePage(kind, rows, done, acknowledgements);
                done += rows.size();
            }
        });
    }

    /** Tool writes whose acknowledgements go to one thread of the audience's (see {@link BackgroundAcknowledgements}). */
    private void withToolWriteAcknowledgements(Consumer<BackgroundAcknowledgements> work) {
        BackgroundAcknowledgements.around("listbridge-tool-writes-" + cycle.name(), work);
    }

    /** {@link #page}, once the acknowledgement under way has the store's connection no more. */
    private List<OutboxRow> page(String kind, long afterId, BackgroundAcknowledgements acknowledgements) {
        acknowledgements.await();
        return page(kind, afterId);
    }

    private static boolean anyRefused(List<WriteOutcome> outcomes) {
        return outcomes.stream().anyMatch(WriteOutcome.Rejected.class::isInstance);
    }

    private void prepare() {
        Set<String> fields = new TreeSet<>(cycle.audience.fields().keySet());
        if (cycle.audience.keyField() != null) {
            fields.add(cycle.audience.keyField());
        }
        retry.call("prepare audience", () -> {
            tool.prepareAudience(cycle.audience.list(), fields);
            return null;
        });
    }

    /**
     * Sends one page of status writes, up to {@link #callsAtOnce} calls at a time. Of several writes to one address
     * among the calls sent together the newest is sent and the others are superseded, as within one call: two calls
     * under way at once could apply them in either order.
     */
    private void statusWritePage(String kind, List<OutboxRow> rows, long before, BackgroundAcknowledgements acknowledgements) {
        int size = cycle.capabilities.maxBatchSize();
        boolean optOuts = kind.equals("unsubscribe");
        int together = size * callsAtOnce();
        for (int from = 0; from < rows.size() && !toolStopped; from += together) {
            List<OutboxRow> part = rows.subList(from, Math.min(rows.size(), from + together));
            List<StatusCall> calls = statusCalls(part, size, acknowledgements);
            List<CallsAtOnce.Ended<List<WriteOutcome>>> ended = sendTogether(
                    calls.stream().<Supplier<List<WriteOutcome>>>map(call -> () -> send(kind, call)).toList());
            List<Runnable> answered = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                switch (ended.get(i)) {
                    case CallsAtOnce.Ended.Answered<List<WriteOutcome>> answer ->
                            takeAnswer(kind, calls.get(i), answer.answer(), answered, acknowledgements);
                    case CallsAtOnce.Ended.Failed<List<WriteOutcome>> failed -> {
                        acknowledgements.await();
                        attemptsEnded(optOuts, calls.get(i).ids(), calls.get(i).failedUntil);
                        stop(new ArrayList<>(calls.get(i).byKey.values()), failed.failure());
                    }
                }
            }
            if (!answered.isEmpty()) {
                acknowledgements.submit(() -> answered.forEach(Runnable::run));
            }
            progress.update(optOuts ? "members unsubscribed" : "members pushed", before + from + part.size());
        }
    }

    /** One batch status write: its rows and writes by address, and until when its failed attempts may have been carried out. */
    private static final class StatusCall {
        final Map<String, OutboxRow> byKey = new LinkedHashMap<>();
        final Map<String, MemberWrite> writes = new LinkedHashMap<>();
        Long failedUntil;
        long sent;

        List<Long> ids() {
            return byKey.values().stream().map(OutboxRow::id).toList();
        }
    }

    /** The rows' writes in calls of at most {@code size}, one write per address (the newest; the others superseded). */
    private List<StatusCall> statusCalls(List<OutboxRow> rows, int size, BackgroundAcknowledgements acknowledgements) {
        Map<String, OutboxRow> newest = new LinkedHashMap<>();
        Map<String, MemberWrite> writes = new HashMap<>();
        List<Long> superseded = new ArrayList<>();
        for (OutboxRow row : rows) {
            MemberWrite write = toWrite(row);
            OutboxRow earlier = newest.remove(write.address().key()); // the newest takes the place of its address's last
            if (earlier != null) {
                superseded.add(earlier.id());
            }
            newest.put(write.address().key(), row);
            writes.put(write.address().key(), write);
        }
        if (!superseded.isEmpty()) {
            acknowledgements.await();
            store.inTransaction(tx -> {
                superseded.forEach(id -> tx.outbox().supersede(id, cycle.now()));
                return null;
            });
        }
        List<StatusCall> calls = new ArrayList<>();
        for (Map.Entry<String, OutboxRow> entry : newest.entrySet()) {
            if (calls.isEmpty() || calls.getLast().byKey.size() == size) {
                calls.add(new StatusCall());
            }
            calls.getLast().byKey.put(entry.getKey(), entry.getValue());
            calls.getLast().writes.put(entry.getKey(), writes.get(entry.getKey()));
        }
        return calls;
    }

    /**
     * Sends one call with its retries, on a thread of its own. Each attempt of unsubscribes is recorded before it is
     * sent, in a transaction of its own (an SQLite store's one connection is handed to one thread at a time).
     */
    private List<WriteOutcome> send(String kind, StatusCall call) {
        boolean optOuts = kind.equals("unsubscribe");
        List<Long> ids = call.ids();
        call.sent = cycle.now();
        return retry.call(kind, () -> {
            if (optOuts) {
                store.inTransaction(tx -> {
                    tx.outbox().inFlight(ids, cycle.now());
                    return null;
                });
            }
            try {
                return tool.upsert(cycle.audience.list(), new ArrayList<>(call.writes.values()));
            } catch (RetriableException e) {
                call.failedUntil = mayHaveAppliedUntil(call.failedUntil, e);
                throw e;
            }
        });
    }

    /**
     * Handles one call's answer: refusals are recorded at once, the acknowledgement of a call answered for every member
     * is added to {@code answered} (committed in the background while the next calls are sent), other acknowledgements
     * are committed at once.
     */
    private void takeAnswer(String kind, StatusCall call, List<WriteOutcome> outcomes, List<Runnable> answered,
                            BackgroundAcknowledgements acknowledgements) {
        boolean optOuts = kind.equals("unsubscribe");
        List<Long> ids = call.ids();
        Map<String, OutboxRow> byKey = new LinkedHashMap<>(call.byKey);
        if (anyRefused(outcomes)) {
            acknowledgements.await(); // a refusal is recorded at once, below
        }
        List<Written> written = new ArrayList<>();
        for (WriteOutcome outcome : outcomes) {
            OutboxRow row = byKey.remove(outcome.address().key());
            if (row == null) {
                continue;
            }
            switch (outcome) {
                case WriteOutcome.Applied applied -> written.add(new Written(row, applied.address(), applied.memberId(),
                        applied.lastChanged() == null ? null : call.writes.get(applied.address().key()).status(), applied.lastChanged()));
                case WriteOutcome.Rejected rejected -> rejected(row, rejected);
            }
        }
        Long clockAhead = toolClockAhead(outcomes, call.sent);
        Long failedAttemptsUntil = call.failedUntil; // an attempt before the answered one may still run
        Runnable acknowledgement = () -> store.inTransaction(tx -> { // the answer's records and the acknowledgements commit together
            if (optOuts) {
                tx.outbox().attemptsEnded(ids, later(failedAttemptsUntil, cycle.now()));
            }
            if (clockAhead != null) {
                tx.cursors().set(cycle.name(), PullPhase.TOOL_CLOCK_AHEAD, Long.toString(clockAhead));
            }
            acknowledge(tx, written);
            return null;
        });
        if (optOuts || !byKey.isEmpty()) { // an answer missing for a member is recorded at once, below
            acknowledgements.await();
            acknowledgement.run();
        } else {
            answered.add(acknowledgement);
        }
        if (!written.isEmpty()) {
            cycle.report.add(CycleReport.TOOL_WRITES_DONE, written.size());
        }
        for (OutboxRow missing : byKey.values()) {
            dead(List.of(missing), "the tool returned no result for this member");
        }
    }

    /**
     * Tool calls sent at the same time ({@link CallsAtOnce}): at most four, within the tool's limit, so that an
     * account's audiences synced side by side by a daemon stay within Mailchimp's ten connections.
     */
    private int callsAtOnce() {
        return Math.max(1, Math.min(CALLS_AT_ONCE, cycle.capabilities.maxConcurrency()));
    }

    /** {@link CallsAtOnce#send} on threads named after the audience. */
    private <T> List<CallsAtOnce.Ended<T>> sendTogether(List<Supplier<T>> calls) {
        return CallsAtOnce.send("listbridge-tool-call-" + cycle.name(), calls);
    }

    /**
     * Until when the tool may have carried out a call's attempts, after one more failed: never for a failure that
     * proves it was not; until now for an answer cut short after a success status (the tool had handled the call);
     * otherwise until {@code PullPhase.CALL_MAY_RUN} from now, as the tool may still be running it.
     */
    private Long mayHaveAppliedUntil(Long before, RetriableException failure) {
        if (failure.notCarriedOut()) {
            return before;
        }
        return later(before, failure.carriedOut() ? cycle.now() : cycle.now() + PullPhase.CALL_MAY_RUN.toMillis());
    }

    /** The later of two ends of attempts, {@code earlier} null when there was none. */
    private static long later(Long earlier, long until) {
        return earlier == null ? until : Math.max(earlier, until);
    }

    /**
     * Records until when the tool may have carried out an attempt of these unsubscribes that got no answer (see
     * {@code PullPhase.notOurOwnUnsubscribe}); null when no attempt can have been. (An answer is recorded with the
     * acknowledgements.)
     */
    private void attemptsEnded(boolean optOuts, List<Long> ids, Long mayHaveAppliedUntil) {
        if (optOuts) {
            store.inTransaction(tx -> {
                tx.outbox().attemptsEnded(ids, mayHaveAppliedUntil);
                return null;
            });
        }
    }

    /**
     * A member created by this call was stamped by the tool's clock during the call, so when the call was sent the
     * tool's clock read at most that stamp (plus the second it is rounded down to): how far the tool's clock is ahead
     * of ours at most, kept for telling the recipient's opt-outs from Listbridge's unacknowledged ones (PullPhase);
     * null when the call created no member with a change time.
     */
    private static Long toolClockAhead(List<WriteOutcome> outcomes, long sent) {
        Long ahead = null;
        for (WriteOutcome outcome : outcomes) {
            if (outcome instanceof WriteOutcome.Applied applied && applied.created() && applied.lastChanged() != null) {
                long bound = applied.lastChanged().toEpochMilli() + PullPhase.SAME_SECOND.toMillis() - sent;
                ahead = ahead == null ? bound : Math.min(ahead, bound);
            }
        }
        return ahead;
    }

    private MemberWrite toWrite(OutboxRow row) {
        Op op = Json.read(row.payload(), Op.type(row.kind()));
        return switch (op) {
            case Op.Upsert upsert -> new MemberWrite(Address.parse(upsert.address()),
                    SubscriptionStatus.valueOf(upsert.status().toUpperCase(Locale.ROOT)), upsert.fields());
            case Op.Unsubscribe unsubscribe -> new MemberWrite(Address.parse(unsubscribe.address()),
                    SubscriptionStatus.UNSUBSCRIBED, Map.of());
            default -> throw new IllegalStateException("not a status write: " + row.kind());
        };
    }

    private void rejected(OutboxRow row, WriteOutcome.Rejected rejected) {
        if (row.kind().equals("upsert") && rejected.reason() == RejectReason.COMPLIANCE_STATE) {
            Op.Upsert op = Json.read(row.payload(), Op.Upsert.class);
            if (op.consentNewer() && op.status().equals("subscribed")) {
                // The tool keeps an opt-out that our CRM consent postdates: ask the recipient to confirm instead.
                store.inTransaction(tx -> {
                    tx.outbox().done(row.id(), cycle.now());
                    cycle.journal(tx, new Op.Upsert(op.contactKey(), op.address(), "pending", op.fields(), false,
                            "consent newer than the tool's opt-out"), row.emailKey(), row.contactKey());
                    return null;
                });
                cycle.report.item("sent to double opt-in instead (tool keeps an opt-out, CRM consent is newer)", op.address());
                statusWritesLater = true;
                return;
            }
        }
        dead(List.of(row), rejected.toolMessage());
    }

    /** Whether the rejections of this pass journaled new writes to try at once. */
    boolean hasFollowUps() {
        boolean later = statusWritesLater;
        statusWritesLater = false;
        return later;
    }

    /**
     * Tag changes, in calls of at most the tool's batch size per tag. Rows left over from one page (fewer
     * than a batch of a tag) wait for the next page, so that paging adds no call: one call per batch per
     * tag is the floor (issue 5).
     */
    private void tags() {
        // a call the tool answered for every member is acknowledged while the next one is sent, as in statusWrites
        withToolWriteAcknowledgements(acknowledgements -> {
            Map<String, List<OutboxRow>> adds = new TreeMap<>();
            Map<String, List<OutboxRow>> removes = new TreeMap<>();
            // The unsent change of each tag on a member, by tag and address. A change still waiting from an earlier
            // cycle (its call refused or timed out) and a newer one of the same tag must not go in one call: a member
            // in both lists of a call ends as the tool decides, not as planned last. The older is replaced.
            Map<String, OutboxRow> unsent = new HashMap<>();
            long after = 0;
            while (!toolStopped) {
                List<OutboxRow> rows = page("tag", after, acknowledgements);
                for (OutboxRow row : rows) {
                    Op.Tag op = Json.read(row.payload(), Op.Tag.class);
                    OutboxRow earlier = unsent.put(unsentKey(op.tag(), row), row);
                    if (earlier != null) {
                        (Json.read(earlier.payload(), Op.Tag.class).add() ? adds : removes).get(op.tag()).remove(earlier);
                        acknowledgements.await();
                        store.inTransaction(tx -> tx.outbox().supersede(earlier.id(), cycle.now()));
                    }
                    (op.add() ? adds : removes).computeIfAbsent(op.tag(), t -> new ArrayList<>()).add(row);
                }
                boolean lastPage = rows.size() < PAGE;
                if (!rows.isEmpty()) {
                    after = last(rows);
                }
                sendTags(adds, removes, unsent, lastPage, acknowledgements);
                if (lastPage) {
                    return;
                }
            }
        });
    }

    private static String unsentKey(String tag, OutboxRow row) {
        return tag + '\n' + row.emailKey();
    }

    /**
     * Sends every full batch of each tag, and with {@code flush} the rest too, up to {@link #callsAtOnce} calls at a
     * time (a member is in at most one of them: {@code unsent} holds one change per tag and address); sent rows leave
     * the lists and {@code unsent}.
     */
    private void sendTags(Map<String, List<OutboxRow>> adds, Map<String, List<OutboxRow>> removes, Map<String, OutboxRow> unsent,
                          boolean flush, BackgroundAcknowledgements acknowledgements) {
        List<TagCall> calls = tagCalls(adds, removes, unsent, flush);
        int atOnce = callsAtOnce();
        for (int from = 0; from < calls.size() && !toolStopped; from += atOnce) {
            List<TagCall> together = calls.subList(from, Math.min(calls.size(), from + atOnce));
            List<CallsAtOnce.Ended<List<WriteOutcome>>> ended = sendTogether(
                    together.stream().<Supplier<List<WriteOutcome>>>map(call -> () -> retry.call("tag",
                            () -> tool.tag(cycle.audience.list(), call.tag(), addresses(call.add()), addresses(call.remove())))).toList());
            List<Written> answered = new ArrayList<>();
            for (int i = 0; i < together.size(); i++) {
                TagCall call = together.get(i);
                List<Written> all = new ArrayList<>(call.add());
                all.addAll(call.remove());
                switch (ended.get(i)) {
                    case CallsAtOnce.Ended.Failed<List<WriteOutcome>> failed -> {
                        acknowledgements.await();
                        stop(all.stream().map(Written::row).toList(), failed.failure());
                    }
                    case CallsAtOnce.Ended.Answered<List<WriteOutcome>> answer when anyRefused(answer.answer()) -> {
                        acknowledgements.await(); // a refusal is recorded at once
                        settle(answer.answer(), all);
                    }
                    case CallsAtOnce.Ended.Answered<List<WriteOutcome>> answer -> answered.addAll(all);
                }
            }
            if (!answered.isEmpty()) {
                acknowledgements.submit(() -> acknowledge(answered));
            }
        }
    }

    /** One tag call: the tag, and the members it adds to and removes from it. */
    private record TagCall(String tag, List<Written> add, List<Written> remove) {
    }

    /** Takes every full batch of each tag, and with {@code flush} the rest too, out of the lists and {@code unsent}. */
    private List<TagCall> tagCalls(Map<String, List<OutboxRow>> adds, Map<String, List<OutboxRow>> removes,
                                   Map<String, OutboxRow> unsent, boolean flush) {
        Set<String> tagNames = new TreeSet<>(adds.keySet());
        tagNames.addAll(removes.keySet());
        int size = cycle.capabilities.maxBatchSize();
        List<TagCall> calls = new ArrayList<>();
        for (String tag : tagNames) {
            List<OutboxRow> add = adds.computeIfAbsent(tag, t -> new ArrayList<>());
            List<OutboxRow> remove = removes.computeIfAbsent(tag, t -> new ArrayList<>());
            while (add.size() >= size || remove.size() >= size || flush && (!add.isEmpty() || !remove.isEmpty())) {
                List<OutboxRow> addChunk = new ArrayList<>(add.subList(0, Math.min(size, add.size())));
                List<OutboxRow> removeChunk = new ArrayList<>(remove.subList(0, Math.min(size, remove.size())));
                add.subList(0, addChunk.size()).clear();
                remove.subList(0, removeChunk.size()).clear();
                addChunk.forEach(row -> unsent.remove(unsentKey(tag, row)));
                removeChunk.forEach(row -> unsent.remove(unsentKey(tag, row)));
                calls.add(new TagCall(tag, targets(addChunk), targets(removeChunk)));
            }
        }
        return calls;
    }

    private void archives() {
        for (List<OutboxRow> rows = page("archive", 0); !rows.isEmpty() && !toolStopped; rows = page("archive", last(rows))) {
            archivePage(rows);
        }
    }

    private void archivePage(List<OutboxRow> rows) {
        int size = cycle.capabilities.maxBatchSize();
        for (int from = 0; from < rows.size() && !toolStopped; from += size) {
            List<OutboxRow> chunk = rows.subList(from, Math.min(rows.size(), from + size));
            List<Written> targets = targets(chunk);
            try {
                settle(retry.call("archive", () -> tool.archive(cycle.audience.list(), addresses(targets))), targets);
            } catch (RetriableException e) {
                stop(chunk, e);
                return;
            }
        }
    }

    /**
     * A write the tool acknowledged; for a status write whose answer gave the tool's change time, the status written
     * and that time (kept for unsubscribes, see {@link #ours}).
     */
    private record Written(OutboxRow row, Address address, String memberId, SubscriptionStatus status, Instant toolTime) {
        Written(OutboxRow row, Address address, String memberId) {
            this(row, address, memberId, null, null);
        }
    }

    /** The tag and archive rows with their addresses, in order. */
    private static List<Written> targets(List<OutboxRow> rows) {
        List<Written> targets = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            String raw = switch (Json.read(row.payload(), Op.type(row.kind()))) {
                case Op.Tag tag -> tag.address();
                case Op.Archive archive -> archive.address();
                default -> throw new IllegalStateException("unexpected " + row.kind());
            };
            targets.add(new Written(row, Address.parse(raw), null));
        }
        return targets;
    }

    private static List<Address> addresses(List<Written> targets) {
        return targets.stream().map(Written::address).toList();
    }

    /** Rows whose address the tool refused become dead letters; the others are done. */
    private void settle(List<WriteOutcome> outcomes, List<Written> targets) {
        Map<String, WriteOutcome> byAddress = new HashMap<>();
        for (WriteOutcome outcome : outcomes) {
            byAddress.put(outcome.address().key(), outcome);
        }
        List<Written> done = new ArrayList<>();
        for (Written target : targets) {
            if (byAddress.get(target.address().key()) instanceof WriteOutcome.Rejected rejected) {
                dead(List.of(target.row()), rejected.toolMessage());
            } else {
                done.add(target);
            }
        }
        acknowledge(done);
    }

    /**
     * Acknowledges a batch's writes in one transaction, recording the member ids the tool gave: one batch of outbox
     * updates, one query for the members concerned, one batch each of member saves and ledger member ids. Several
     * writes to one address (a tag added and removed) apply in order, as one statement each would.
     */
    private void acknowledge(List<Written> written) {
        if (!written.isEmpty()) {
            store.inTransaction(tx -> {
                acknowledge(tx, written);
                return null;
            });
        }
    }

    private void acknowledge(StateTx tx, List<Written> written) {
        if (written.isEmpty()) {
            return;
        }
        long now = cycle.now();
        List<Long> done = new ArrayList<>(written.size());
        Set<String> concerned = new HashSet<>();
        for (Written write : written) {
            done.add(write.row().id());
            if (write.memberId() != null || optOutTime(write)) {
                concerned.add(write.address().key());
            }
        }
        tx.outbox().doneAll(done, now);
        if (concerned.isEmpty()) {
            return;
        }
        Map<String, MemberRow> members = tx.members().findAll(cycle.name(), concerned);
        Map<String, MemberRow> changed = new LinkedHashMap<>();
        Map<String, String> memberIds = new LinkedHashMap<>();
        for (Written write : written) {
            String memberId = write.memberId();
            boolean optOutTime = optOutTime(write);
            String key = write.address().key();
            if (memberId != null || optOutTime) {
                MemberRow member = members.get(key);
                MemberRow updated = member;
                if (member != null && memberId != null && !memberId.equals(member.memberId())) {
                    updated = updated.withMemberId(memberId);
                }
                if (updated != null && optOutTime && ours(updated, "unsubscribed")) {
                    updated = updated.withWrittenAt(write.toolTime().toEpochMilli());
                }
                if (updated != member) {
                    members.put(key, updated);
                    changed.put(key, updated);
                }
            }
            if (memberId != null) {
                memberIds.remove(key); // the last id given for an address is the one the ledger keeps
                memberIds.put(key, memberId);
            }
        }
        tx.members().saveAll(changed.values());
        tx.ledger().setMemberIds(cycle.name(), memberIds);
    }

    private static boolean optOutTime(Written write) {
        return write.toolTime() != null && write.status() == SubscriptionStatus.UNSUBSCRIBED;
    }

    /**
     * Whether the member still holds the status as Listbridge wrote it. The tool's own time of an unsubscribe
     * Listbridge wrote is then kept: a poll showing the member unsubscribed with a newer change time is the recipient
     * acting again (e.g. a signup and an unsubscribe between two polls), not this write coming back (PullPhase).
     */
    private static boolean ours(MemberRow member, String status) {
        return "listbridge".equals(member.statusBy()) && status.equals(member.status());
    }

    private void dead(List<OutboxRow> rows, String message) {
        store.inTransaction(tx -> {
            for (OutboxRow row : rows) {
                tx.outbox().dead(row.id(), message, cycle.now());
                tx.audit().append(cycle.now(), cycle.name(), row.contactKey(), row.emailKey(), "dead_letter",
                        Json.object("operation", row.kind(), "error", message));
            }
            return null;
        });
        for (OutboxRow row : rows) {
            cycle.report.item(CycleReport.DEAD_LETTERS,
                    row.kind() + " " + (row.contactKey() == null ? "" : row.contactKey() + " ") + row.emailKey() + ": " + message);
        }
    }

    private void stillPending(List<OutboxRow> rows, RuntimeException e) {
        store.inTransaction(tx -> {
            for (OutboxRow row : rows) {
                tx.outbox().attemptFailed(row.id(), e.getMessage(), cycle.now());
            }
            return null;
        });
        cycle.report.outcome(dev.listbridge.engine.CycleOutcome.PARTIAL);
    }

    /** The tool is down or limiting us beyond our retries: the rest waits in the outbox for the next cycle. */
    private void stop(List<OutboxRow> rows, RetriableException e) {
        stillPending(rows, e);
        if (!toolStopped) {
            cycle.report.message(cycle.toolName + " did not accept writes after retries (" + e.getMessage()
                    + "); the outbox keeps them for the next cycle");
        }
        toolStopped = true;
    }

    /** Pending writes are read a page at a time, so memory does not grow with the size of a push. */
    private List<OutboxRow> page(String kind, long afterId) {
        return store.inTransaction(tx -> tx.outbox().pending(cycle.name(), kind, afterId, PAGE));
    }

    private static long last(List<OutboxRow> rows) {
        return rows.get(rows.size() - 1).id();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
