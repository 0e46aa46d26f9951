package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns whose updates the queue triggers record.
 * <p>
 * Why this way: an update matters when it can change what the contacts query returns for the row,
 * or whether the row is selected at all. The config names output columns (key, email, consent,
 * fields, tags) and holds SQL (the contacts query, audience filters) whose identifiers may be table
 * columns under other names ({@code CONCAT(first_name, ' ', last_name) AS name}) or conditions
 * ({@code WHERE deleted = FALSE}). A table column counts when its name appears as a word in any of
 * that SQL or equals a column name the config gives. That may take in a column that only shares a
 * name with an alias or a word in a string literal: when in doubt a column is included, since a
 * needless queue row costs one read, a missed one a stale contact until the nightly reconcile. A
 * {@code *} anywhere in the SQL ({@code SELECT *}, but also {@code COUNT(*)} or a product) includes
 * every column. Columns the config never mentions (a last-login time, say) are left out, so that
 * their updates do not flood the queue.
 */
final class WatchedColumns {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*|\"([^\"]+)\"|`([^`]+)`|\\[([^\\]]+)]");

    private WatchedColumns() {
    }

    /**
     * @param sqlTexts    the contacts query and every audience filter
     * @param columnNames the column names the config gives (key, email, consent, consentAt, fields, tags, ...)
     * @return the table's columns that count, in the table's order
     */
    static List<TableColumn> of(CaptureTable table, Collection<String> sqlTexts, Collection<String> columnNames) {
        if (sqlTexts.stream().anyMatch(sql -> sql != null && sql.contains("*"))) {
            return table.columns();
        }
        Set<String> words = new HashSet<>();
        for (String sql : sqlTexts) {
            if (sql == null) {
                continue;
            }
            Matcher matcher = WORD.matcher(sql);
            while (matcher.find()) {
                String word = matcher.group(1) != null ? matcher.group(1)
                        : matcher.group(2) != null ? matcher.group(2)
                        : matcher.group(3) != null ? matcher.group(3) : matcher.group();
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        for (String name : columnNames) {
            if (name != null) {
                words.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        return table.columns().stream().filter(column -> words.contains(column.name().toLowerCase(Locale.ROOT))).toList();
    }
}
