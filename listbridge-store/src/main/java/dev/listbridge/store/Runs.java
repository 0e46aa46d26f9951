package dev.listbridge.store;

/** Recorded cycles with their counts and errors. */
public final class Runs {
    private final Jdbc jdbc;

    Runs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long start(String audience, String kind, long now) {
        return jdbc.insert("INSERT INTO run (audience, kind, started_at) VALUES (?, ?, ?)", audience, kind, now);
    }

    /** The kind of a run ({@code sync}, {@code incremental}, {@code plan}), if it exists. */
    public java.util.Optional<String> kind(long id) {
        return jdbc.one("SELECT kind FROM run WHERE id = ?", rs -> rs.getString(1), id);
    }

    public void finish(long id, long now, String outcome, String summary) {
        jdbc.update("UPDATE run SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?", now, outcome, summary, id);
    }
}
