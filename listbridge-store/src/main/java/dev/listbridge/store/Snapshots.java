package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The last-synced snapshot per (audience, contact). */
public final class Snapshots {
    private static final String COLUMNS = "audience, contact_key, row_sum, email, email_key, consent, consent_at, data, updated_at";
    /** Keys hashed at a time when snapshots saved before the key hash existed are brought up to date. */
    private static final int BACKFILL_PAGE = 10_000;
    private static final String SAVE = Upsert.sql("snapshot", new String[] {"audience", "contact_key"},
            new String[] {"key_hash", "row_sum", "email", "email_key", "consent", "consent_at", "data", "updated_at"});
    /** The cursor that holds the generation of an audience's snapshots (see {@link #generation}). */
    static final String GENERATION = "snapshots.generation";
    private final Jdbc jdbc;
    private final Map<String, GenerationChange> generations;

    Snapshots(Jdbc jdbc, Map<String, GenerationChange> generations) {
        this.jdbc = jdbc;
        this.generations = generations;
    }

    /**
     * What a transaction did to the generation of an audience's snapshots: {@code before} is the generation it found
     * (null when another transaction changed it while this one was about to: see {@link #written}), {@code after}
     * the one it left.
     */
    public record GenerationChange(String before, String after) {
    }

    /**
     * The generation of an audience's snapshots: a token that every transaction writing them replaces, once. An
     * index read at a generation ({@link #readIndex}) still holds the snapshots as long as the generation is the
     * same; "" before any snapshot was written with generations.
     */
    public String generation(String audience) {
        return new Cursors(jdbc).get(audience, GENERATION).orElse("");
    }

    /** The change this transaction made to the generation of an audience's snapshots, if it wrote any. */
    public Optional<GenerationChange> generationChange(String audience) {
        return Optional.ofNullable(generations.get(audience));
    }

    /**
     * Replaces the generation at this transaction's first snapshot write for the audience. The replacement names the
     * generation it replaces: where another store connection replaced it in between (a PostgreSQL store shared by two
     * processes; the update waits for that transaction), nothing is replaced and {@code before} is left unknown.
     */
    private void written(String audience) {
        if (generations.containsKey(audience)) {
            return;
        }
        String before = generation(audience);
        String after = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO cursor_state (audience, name, value) VALUES (?, ?, '') ON CONFLICT (audience, name) DO NOTHING",
                audience, GENERATION);
        int replaced = jdbc.update("UPDATE cursor_state SET value = ? WHERE audience = ? AND name = ? AND value = ?",
                after, audience, GENERATION, before);
        if (replaced == 0) {
            jdbc.update("UPDATE cursor_state SET value = ? WHERE audience = ? AND name = ?", after, audience, GENERATION);
            before = null;
        }
        generations.put(audience, new GenerationChange(before, after));
    }

    public Optional<SnapshotRow> find(String audience, String contactKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND contact_key = ?", Snapshots::map,
                audience, contactKey);
    }

    /** Saves a snapshot; its key hash ({@link Hash64#of} of the key) is kept with it for the index. */
    public void save(SnapshotRow row) {
        written(row.audience());
        jdbc.update(SAVE, values(row));
    }

    /** The snapshots of several contacts, by contact key (absent ones left out): one query per few hundred keys. */
    public Map<String, SnapshotRow> findAll(String audience, Collection<String> contactKeys) {
        Map<String, SnapshotRow> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(contactKeys)))) {
            for (SnapshotRow row : jdbc.list("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND contact_key IN ("
                    + Jdbc.marks(chunk.size()) + ")", Snapshots::map, Jdbc.inArgs(chunk, audience))) {
                found.put(row.contactKey(), row);
            }
        }
        return found;
    }

    /** {@link #save} for several snapshots in one batch. */
    public void saveAll(Collection<SnapshotRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (SnapshotRow row : rows) {
            written(row.audience());
            args.add(values(row));
        }
        jdbc.batch(SAVE, args);
    }

    private static Object[] values(SnapshotRow row) {
        return new Object[] {row.audience(), row.contactKey(), Hash64.of(row.contactKey()), Jdbc.orNullLong(row.rowSum()),
                row.email(), row.emailKey(), row.consent(), Jdbc.orNullLong(row.consentAt()), row.data(), row.updatedAt()};
    }

    public void delete(String audience, String contactKey) {
        written(audience);
        jdbc.update("DELETE FROM snapshot WHERE audience = ? AND contact_key = ?", audience, contactKey);
    }

    /** The snapshots whose key has this hash: one, or more after a collision. */
    public List<SnapshotRow> withKeyHash(String audience, long keyHash) {
        return jdbc.list("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND key_hash = ? ORDER BY contact_key",
                Snapshots::map, audience, keyHash);
    }

    /**
     * The key hashes and row sums of an audience's snapshots, sorted by key hash. Memory: 16 bytes per
     * snapshot; snapshots saved before key hashes existed get theirs first.
     */
    public SnapshotIndex index(String audience) {
        hashMissingKeys(audience);
        return readIndex(audience);
    }

    /**
     * The index as stored, for a read-only transaction: every snapshot must have its key hash already
     * ({@link #hashMissingKeys} committed before).
     */
    public SnapshotIndex readIndex(String audience) {
        int size = (int) jdbc.count("SELECT COUNT(*) FROM snapshot WHERE audience = ?", audience);
        long[] pairs = new long[2 * size];
        int[] count = {0};
        jdbc.forEach("SELECT key_hash, row_sum FROM snapshot WHERE audience = ? ORDER BY key_hash, row_sum", rs -> {
            int i = count[0]++;
            if (i < size) {
                pairs[2 * i] = rs.getLong(1);
                pairs[2 * i + 1] = rs.getLong(2); // 0 when NULL: unknown
            }
        }, audience);
        if (count[0] != size) {
            throw new StateStoreException("the snapshot table changed while it was read (" + size + " rows counted, "
                    + count[0] + " read); is a second Listbridge writing to this state store?");
        }
        return new SnapshotIndex(pairs);
    }

    /** Gives snapshots saved before key hashes existed theirs. */
    public void hashMissingKeys(String audience) {
        List<String> keys;
        do {
            keys = jdbc.list("SELECT contact_key FROM snapshot WHERE audience = ? AND key_hash IS NULL LIMIT " + BACKFILL_PAGE,
                    rs -> rs.getString(1), audience);
            for (String key : keys) {
                written(audience);
                jdbc.update("UPDATE snapshot SET key_hash = ? WHERE audience = ? AND contact_key = ?", Hash64.of(key),
                        audience, key);
            }
        } while (keys.size() == BACKFILL_PAGE);
    }

    private static SnapshotRow map(ResultSet rs) throws SQLException {
        return new SnapshotRow(rs.getString("audience"), rs.getString("contact_key"), Jdbc.nullableLong(rs, "row_sum"),
                rs.getString("email"), rs.getString("email_key"), rs.getInt("consent") != 0,
                Jdbc.nullableLong(rs, "consent_at"), rs.getString("data"), rs.getLong("updated_at"));
    }
}
