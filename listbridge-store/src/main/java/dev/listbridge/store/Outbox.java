package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Intended writes, journaled before they are attempted and acknowledged after. */
public final class Outbox {
    private static final String COLUMNS = "id, run_id, audience, kind, email_key, contact_key, payload, state, attempts, "
            + "last_error, created_at, updated_at";
    /** A new write in a given state (pending, or superseded already), with its creation and update times. */
    private static final String INSERT = "INSERT INTO outbox (run_id, audience, kind, email_key, contact_key, payload, "
            + "state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
    /**
     * The condition of the index of open writes by address (migration V7), which a query of an address's open writes
     * repeats so that SQLite uses that index: it takes a partial index only for a query that contains its condition.
     */
    private static final String OPEN = " AND state NOT IN ('done', 'superseded')";
    /** An address's writes of a kind replaced by a newer plan: unfinished and parked ones. */
    static final String SUPERSEDE = "UPDATE outbox SET state = 'superseded', updated_at = ? WHERE audience = ? "
            + "AND kind = ? AND email_key = ? AND state IN ('pending', 'dead', 'parked')" + OPEN;
    /** An address's unfinished writes of a kind set aside. */
    static final String PARK = "UPDATE outbox SET state = 'parked', updated_at = ? WHERE audience = ? AND kind = ? "
            + "AND email_key = ? AND state IN ('pending', 'dead')" + OPEN;
    /** When an address's unsubscribes may have been carried out at the latest: see {@link #unsubscribeMayHaveApplied}. */
    static final String UNSUBSCRIBE_ATTEMPTS = "SELECT MAX(in_flight_at) AS in_flight, MAX(maybe_applied_at) AS applied "
            + "FROM outbox WHERE audience = ? AND email_key = ? AND kind = 'unsubscribe'";
    private final Jdbc jdbc;

    Outbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long add(long runId, String audience, String kind, String emailKey, String contactKey, String payload, long now) {
        return jdbc.insert(INSERT, runId, audience, kind, emailKey, contactKey, payload, "pending", now, now);
    }

    /**
     * {@link #add} without the id: the insert may wait to run batched with the transaction's next statement
     * (the ids still follow the order of the calls).
     */
    public void append(long runId, String audience, String kind, String emailKey, String contactKey, String payload, long now) {
        jdbc.defer(INSERT, runId, audience, kind, emailKey, contactKey, payload, "pending", now, now);
    }

    public List<OutboxRow> pending(String audience, String kind) {
        return pending(audience, kind, 0, Integer.MAX_VALUE);
    }

    /** One page of pending writes of a kind, oldest first, with ids above {@code afterId}. */
    public List<OutboxRow> pending(String audience, String kind, long afterId, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM outbox WHERE audience = ? AND kind = ? AND state = 'pending' AND id > ? "
                + "ORDER BY id LIMIT " + limit, Outbox::map, audience, kind, afterId);
    }

    public long countPending(String audience) {
        return jdbc.count("SELECT COUNT(*) FROM outbox WHERE audience = ? AND state = 'pending'", audience);
    }

    public long countDead(String audience) {
        return jdbc.count("SELECT COUNT(*) FROM outbox WHERE audience = ? AND state = 'dead'", audience);
    }

    public List<OutboxRow> dead(String audience) {
        return jdbc.list("SELECT " + COLUMNS + " FROM outbox WHERE audience = ? AND state = 'dead' ORDER BY id",
                Outbox::map, audience);
    }

    public void done(long id, long now) {
        jdbc.update("UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?",
                now, id);
    }

    /** {@link #done} for several writes in one batch. */
    public void doneAll(List<Long> ids, long now) {
        List<Object[]> args = new ArrayList<>(ids.size());
        for (long id : ids) {
            args.add(new Object[] {now, id});
        }
        jdbc.batch("UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?",
                args);
    }

    public void dead(long id, String error, long now) {
        jdbc.update("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
                error, now, id);
    }

    /** Counts a failed attempt that stays pending (retries exhausted for this cycle). */
    public void attemptFailed(long id, String error, long now) {
        jdbc.update("UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?", error, now, id);
    }

    /**
     * Records that an attempt of these writes is being sent now (our clock): until {@link #attemptsEnded} the tool may
     * be carrying it out, also if this process dies during the call.
     */
    public void inFlight(List<Long> ids, long now) {
        List<Object[]> args = new ArrayList<>(ids.size());
        for (long id : ids) {
            args.add(new Object[] {now, id});
        }
        jdbc.batch("UPDATE outbox SET in_flight_at = ? WHERE id = ?", args);
    }

    /**
     * Ends a call's attempts of these writes: the tool may have carried one out until {@code mayHaveAppliedUntil} (our
     * clock: when its answer arrived, or later where a failure leaves the call running on the tool's side), kept if an
     * earlier call's is later; null when every attempt provably was not carried out.
     */
    public void attemptsEnded(List<Long> ids, Long mayHaveAppliedUntil) {
        List<Object[]> args = new ArrayList<>(ids.size());
        for (long id : ids) {
            args.add(mayHaveAppliedUntil != null ? new Object[] {mayHaveAppliedUntil, mayHaveAppliedUntil, id} : new Object[] {id});
        }
        jdbc.batch(mayHaveAppliedUntil != null ? "UPDATE outbox SET in_flight_at = NULL, maybe_applied_at = CASE "
                + "WHEN maybe_applied_at IS NULL OR maybe_applied_at < ? THEN ? ELSE maybe_applied_at END WHERE id = ?"
                : "UPDATE outbox SET in_flight_at = NULL WHERE id = ?", args);
    }

    /**
     * The latest time (our clock) until which an attempt of an unsubscribe for the address, in any state, may have
     * been carried out by the tool ({@link #attemptsEnded}; an attempt still marked {@link #inFlight}, e.g. of a process
     * that died during the call, until {@code callMayRun} after it was sent); empty when none can have been. The
     * query names the kind as written, so that SQLite uses the index of unsubscribes by address (migration V8).
     */
    public OptionalLong unsubscribeMayHaveApplied(String audience, String emailKey, Duration callMayRun) {
        return jdbc.one(UNSUBSCRIBE_ATTEMPTS, rs -> {
                    long inFlight = rs.getLong("in_flight");
                    boolean noInFlight = rs.wasNull();
                    long applied = rs.getLong("applied");
                    boolean noApplied = rs.wasNull();
                    if (noInFlight && noApplied) {
                        return OptionalLong.empty();
                    }
                    long inFlightUntil = inFlight + callMayRun.toMillis();
                    return OptionalLong.of(noInFlight ? applied : noApplied ? inFlightUntil : Math.max(inFlightUntil, applied));
                }, audience, emailKey).orElse(OptionalLong.empty());
    }

    /** Puts dead letters back in the queue for another try, up to {@code maxAttempts} attempts each. */
    public int requeueDead(String audience, int maxAttempts, long now) {
        return jdbc.update("UPDATE outbox SET state = 'pending', updated_at = ? WHERE audience = ? AND state = 'dead' "
                + "AND attempts < ?", now, audience, maxAttempts);
    }

    /** The unfinished writes (pending or dead letters) of a kind for one address, oldest first. */
    public List<OutboxRow> unfinished(String audience, String kind, String emailKey) {
        return jdbc.list("SELECT " + COLUMNS + " FROM outbox WHERE audience = ? AND kind = ? AND email_key = ? "
                + "AND state IN ('pending', 'dead')" + OPEN + " ORDER BY id", Outbox::map, audience, kind, emailKey);
    }

    /** Which of {@code emailKeys} have an unfinished write (pending or dead letter) of a kind: one query per few hundred. */
    public Set<String> unfinishedAmong(String audience, String kind, Collection<String> emailKeys) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            jdbc.forEach("SELECT DISTINCT email_key FROM outbox WHERE audience = ? AND kind = ? AND email_key IN ("
                    + Jdbc.marks(chunk.size()) + ") AND state IN ('pending', 'dead')" + OPEN, rs -> found.add(rs.getString(1)),
                    Jdbc.inArgs(chunk, audience, kind));
        }
        return found;
    }

    /** A {@link #supersede(String, String, String, long)} or a {@link #park} of an address's writes, for {@link #setAsideAll}. */
    public record SetAside(String emailKey, boolean park, long now) {
    }

    /**
     * Supersedes or parks the writes of a kind of several addresses, in order: consecutive ones of the same sort run as
     * one batch.
     */
    public void setAsideAll(String audience, String kind, List<SetAside> steps) {
        for (int from = 0; from < steps.size(); ) {
            boolean parking = steps.get(from).park();
            List<Object[]> args = new ArrayList<>();
            int to = from;
            for (; to < steps.size() && steps.get(to).park() == parking; to++) {
                SetAside step = steps.get(to);
                args.add(new Object[] {step.now(), audience, kind, step.emailKey()});
            }
            jdbc.batch(parking ? PARK : SUPERSEDE, args);
            from = to;
        }
    }

    /** A write to journal with {@link #addAll}; {@code state} is {@code pending}, or {@code superseded} already. */
    public record NewRow(long runId, String audience, String kind, String emailKey, String contactKey, String payload,
                         String state, long createdAt, long updatedAt) {
    }

    /** Journals several writes in one batch, in order (their ids ascend in that order). */
    public void addAll(List<NewRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (NewRow row : rows) {
            args.add(new Object[] {row.runId(), row.audience(), row.kind(), row.emailKey(), row.contactKey(), row.payload(),
                    row.state(), row.createdAt(), row.updatedAt()});
        }
        jdbc.batch(INSERT, args);
    }

    /** Marks one write as replaced by a later one for the same address. */
    public int supersede(long id, long now) {
        return jdbc.update("UPDATE outbox SET state = 'superseded', updated_at = ? WHERE id = ?", now, id);
    }

    /** Marks earlier unfinished (or parked) writes for an address as replaced by a newer plan. */
    public int supersede(String audience, String kind, String emailKey, long now) {
        return jdbc.update(SUPERSEDE, now, audience, kind, emailKey);
    }

    /**
     * Sets the unfinished writes of a kind for an address aside: never attempted as they are, kept until the
     * caller takes them up again ({@link #parked}) or a newer plan supersedes them.
     */
    public int park(String audience, String kind, String emailKey, long now) {
        return jdbc.update(PARK, now, audience, kind, emailKey);
    }

    /** The parked writes of a kind for one address, oldest first. */
    public List<OutboxRow> parked(String audience, String kind, String emailKey) {
        return jdbc.list("SELECT " + COLUMNS + " FROM outbox WHERE audience = ? AND kind = ? AND email_key = ? "
                + "AND state = 'parked'" + OPEN + " ORDER BY id", Outbox::map, audience, kind, emailKey);
    }

    /** One page of {@link #forgetFinished}: the last id looked at, how many writes it deleted, whether the walk ended. */
    public record Forgotten(long lastId, int deleted, boolean ended) {
    }

    /**
     * Deletes one page of an audience's finished writes (done or superseded) that ended before {@code before}, oldest
     * first: last changed before it, with no attempt the tool may have carried out after it (an unsubscribe's attempts
     * are what tell Listbridge's own opt-out from the recipient's; {@link #unsubscribeMayHaveApplied}). Open writes
     * (pending, dead letters, parked) are never deleted. The walk follows the ids, which ascend with the creation time,
     * from {@code afterId}, and ends at the first write created at or after {@code before}.
     */
    public Forgotten forgetFinished(String audience, long afterId, long before, int limit) {
        var walk = new Object() {
            long lastId = afterId;
            int rows;
            boolean reachedNewer;
            final List<Object[]> deletions = new ArrayList<>();
        };
        jdbc.forEach("SELECT id, audience, state, created_at, updated_at, in_flight_at, maybe_applied_at FROM outbox "
                + "WHERE id > ? ORDER BY id LIMIT " + limit, rs -> {
                    walk.rows++;
                    if (walk.reachedNewer || rs.getLong("created_at") >= before) {
                        walk.reachedNewer = true;
                        return;
                    }
                    walk.lastId = rs.getLong("id");
                    String state = rs.getString("state");
                    Long inFlight = Jdbc.nullableLong(rs, "in_flight_at");
                    Long applied = Jdbc.nullableLong(rs, "maybe_applied_at");
                    if (audience.equals(rs.getString("audience")) && ("done".equals(state) || "superseded".equals(state))
                            && rs.getLong("updated_at") < before && (inFlight == null || inFlight < before)
                            && (applied == null || applied < before)) {
                        walk.deletions.add(new Object[] {walk.lastId});
                    }
                }, afterId);
        jdbc.batch("DELETE FROM outbox WHERE id = ?", walk.deletions);
        return new Forgotten(walk.lastId, walk.deletions.size(), walk.reachedNewer || walk.rows < limit);
    }

    private static OutboxRow map(ResultSet rs) throws SQLException {
        return new OutboxRow(rs.getLong("id"), rs.getLong("run_id"), rs.getString("audience"), rs.getString("kind"),
                rs.getString("email_key"), rs.getString("contact_key"), rs.getString("payload"), rs.getString("state"),
                rs.getInt("attempts"), rs.getString("last_error"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
