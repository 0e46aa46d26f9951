package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Recorded cycles with their counts and errors. */
public final class Runs {
    private final Jdbc jdbc;

    Runs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long start(String audience, String kind, long now) {
        return jdbc.insert("INSERT INTO run (audience, kind, started_at) VALUES (?, ?, ?)", audience, kind, now);
    }

    public void finish(long id, long now, String outcome, String summary) {
        jdbc.update("UPDATE run SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?", now, outcome, summary, id);
    }

    public List<RunRow> recent(String audience, int limit) {
        return jdbc.list("SELECT id, audience, kind, started_at, finished_at, outcome, summary FROM run WHERE audience = ? "
                + "ORDER BY id DESC LIMIT " + limit, Runs::map, audience);
    }

    private static RunRow map(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong("id"), rs.getString("audience"), rs.getString("kind"), rs.getLong("started_at"),
                Jdbc.nullableLong(rs, "finished_at"), rs.getString("outcome"), rs.getString("summary"));
    }
}
