package dev.listbridge.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Ids of tool events already applied, so overlapping pulls and redeliveries apply once. */
public final class ProcessedEvents {
    private final Jdbc jdbc;

    ProcessedEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public boolean seen(String audience, String eventId) {
        return jdbc.count("SELECT COUNT(*) FROM processed_event WHERE audience = ? AND event_id = ?", audience, eventId) > 0;
    }

    /** Records an event id; false when it was recorded already. */
    public boolean addIfNew(String audience, String eventId, long now) {
        return jdbc.update("INSERT INTO processed_event (audience, event_id, processed_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (audience, event_id) DO NOTHING", audience, eventId, now) > 0;
    }

    /** Which of {@code eventIds} were recorded already: one query per few hundred ids instead of one per id. */
    public Set<String> seenAmong(String audience, Collection<String> eventIds) {
        Set<String> seen = new HashSet<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(eventIds)))) {
            jdbc.forEach("SELECT event_id FROM processed_event WHERE audience = ? AND event_id IN (" + Jdbc.marks(chunk.size())
                    + ")", rs -> seen.add(rs.getString(1)), Jdbc.inArgs(chunk, audience));
        }
        return seen;
    }

    /** Records event ids in one batch; ids recorded already are left as they are. */
    public void addAll(String audience, Collection<String> eventIds, long now) {
        List<Object[]> rows = new ArrayList<>(eventIds.size());
        for (String eventId : eventIds) {
            rows.add(new Object[] {audience, eventId, now});
        }
        jdbc.batch("INSERT INTO processed_event (audience, event_id, processed_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (audience, event_id) DO NOTHING", rows);
    }

    /**
     * Forgets up to about {@code limit} of an audience's event ids recorded before {@code before}, the oldest first (ids
     * recorded at one time go together, so a call may delete more); returns how many it deleted, 0 when none is left.
     */
    public int forgetBefore(String audience, long before, int limit) {
        Optional<Long> last = jdbc.one("SELECT processed_at FROM processed_event WHERE audience = ? AND processed_at < ? "
                + "ORDER BY processed_at LIMIT 1 OFFSET " + (limit - 1), rs -> rs.getLong(1), audience, before);
        return last.isPresent()
                ? jdbc.update("DELETE FROM processed_event WHERE audience = ? AND processed_at <= ?", audience, last.get())
                : jdbc.update("DELETE FROM processed_event WHERE audience = ? AND processed_at < ?", audience, before);
    }

    public void add(String audience, String eventId, long now) {
        jdbc.update(Upsert.sql("processed_event", new String[] {"audience", "event_id"}, new String[] {"processed_at"}),
                audience, eventId, now);
    }
}
