package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.util.List;
import java.util.Objects;

/**
 * What the queue triggers are generated for.
 *
 * @param table       the watched table and its columns
 * @param key         the column carrying the key; null when only removing
 * @param watched     the columns whose updates are recorded (see {@link WatchedColumns}), the key among them
 * @param queueSchema the schema (database on MariaDB/MySQL) the queue table goes into, where Listbridge's
 *                    connection finds it; null to leave it unqualified
 */
public record CaptureTarget(CaptureTable table, TableColumn key, List<TableColumn> watched, String queueSchema) {

    public CaptureTarget {
        Objects.requireNonNull(table, "table");
        watched = List.copyOf(watched);
    }

    /** The same target with the queue table left unqualified: for a script printed for another database. */
    public CaptureTarget withoutQueueSchema() {
        return new CaptureTarget(table, key, watched, null);
    }

    /** The watched columns' names. */
    public List<String> watchedNames() {
        return watched.stream().map(TableColumn::name).toList();
    }
}
