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

    /** The latest runs, newest first; all audiences when {@code audience} is null. */
    public java.util.List<RunRow> recent(String audience, int limit) {
        String columns = "SELECT id, audience, kind, started_at, finished_at, outcome, summary FROM run";
        Jdbc.RowMapper<RunRow> row = rs -> new RunRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getObject(5) == null ? null : rs.getLong(5), rs.getString(6), rs.getString(7));
        return audience == null
                ? jdbc.list(columns + " ORDER BY id DESC LIMIT ?", row, limit)
                : jdbc.list(columns + " WHERE audience = ? ORDER BY id DESC LIMIT ?", row, audience, limit);
    }

    /** The kind of a run ({@code sync}, {@code incremental}, {@code plan}), if it exists. */
    public java.util.Optional<String> kind(long id) {
        return jdbc.one("SELECT kind FROM run WHERE id = ?", rs -> rs.getString(1), id);
    }

    /** Deletes an audience's runs that finished before {@code before}; returns how many. */
    public int forgetFinishedBefore(String audience, long before) {
        return jdbc.update("DELETE FROM run WHERE audience = ? AND finished_at < ?", audience, before);
    }

    public void finish(long id, long now, String outcome, String summary) {
        jdbc.update("UPDATE run SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?", now, outcome, summary, id);
    }
}
