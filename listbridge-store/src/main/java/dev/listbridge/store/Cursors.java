package dev.listbridge.store;

import java.util.Optional;

/** Per-audience positions, e.g. the time up to which tool events were pulled. */
public final class Cursors {
    private final Jdbc jdbc;

    Cursors(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String audience, String name) {
        return jdbc.one("SELECT value FROM cursor_state WHERE audience = ? AND name = ?", rs -> rs.getString(1), audience, name);
    }

    public void set(String audience, String name, String value) {
        jdbc.update(Upsert.sql("cursor_state", new String[] {"audience", "name"}, new String[] {"value"}),
                audience, name, value);
    }
}
