package dev.listbridge.store;

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

    public void add(String audience, String eventId, long now) {
        jdbc.update(Upsert.sql("processed_event", new String[] {"audience", "event_id"}, new String[] {"processed_at"}),
                audience, eventId, now);
    }
}
