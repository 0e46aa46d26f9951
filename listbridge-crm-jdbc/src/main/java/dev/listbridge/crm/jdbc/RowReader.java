package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidConfigException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns rows of the contacts query into {@link CrmContact}s. Built once per result from its metadata;
 * column names are matched case-insensitively.
 */
final class RowReader {

    /** One column of the contacts query. */
    record Column(int index, String name, int sqlType, String typeName, ColumnKind kind) {
    }

    private final List<Column> columns;
    private final Column key;
    private final Column email;
    private final Column consent;
    private final Column consentAt;
    private final List<Column> attributes;
    private final ZoneId zone;

    private RowReader(List<Column> columns, Column key, Column email, Column consent, Column consentAt, ZoneId zone) {
        this.columns = columns;
        this.key = key;
        this.email = email;
        this.consent = consent;
        this.consentAt = consentAt;
        this.zone = zone;
        List<Column> others = new ArrayList<>();
        for (Column column : columns) {
            if (column != key && column != email && column != consent && column != consentAt) {
                others.add(column);
            }
        }
        this.attributes = List.copyOf(others);
    }

    /**
     * A reader for a result with these columns.
     *
     * @param consentColumn the audience's consent column, or null for the settings' default
     * @throws InvalidConfigException naming every configured column the query does not return
     */
    static RowReader of(ResultSetMetaData metadata, CrmSettings settings, String consentColumn) throws SQLException {
        List<Column> columns = columns(metadata);
        Map<String, Column> byName = new HashMap<>();
        for (Column column : columns) {
            byName.putIfAbsent(column.name(), column);
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Column key = find(byName, "keyColumn", settings.keyColumn(), columns, problems);
        Column email = find(byName, "emailColumn", settings.emailColumn(), columns, problems);
        Column consent = consentColumn == null
                ? find(byName, "consentColumn", settings.consentColumn(), columns, problems)
                : find(byName, "consentColumn", consentColumn, columns, problems);
        Column consentAt = settings.consentAtColumn() == null ? null
                : find(byName, "consentAtColumn", settings.consentAtColumn(), columns, problems);
        if (consentAt != null && !consentAt.kind().isTemporal() && consentAt.kind() != ColumnKind.TEXT) {
            problems.add(new ConfigProblem("consentAtColumn", "column '" + consentAt.name() + "' has type "
                    + consentAt.typeName() + "; expected a date, a timestamp or ISO 8601 text"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new RowReader(columns, key, email, consent, consentAt, settings.timeZone());
    }

    static List<Column> columns(ResultSetMetaData metadata) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            int type = metadata.getColumnType(i);
            String typeName = metadata.getColumnTypeName(i);
            columns.add(new Column(i, metadata.getColumnLabel(i).toLowerCase(Locale.ROOT), type, typeName,
                    ColumnKind.of(type, typeName)));
        }
        return List.copyOf(columns);
    }

    private static Column find(Map<String, Column> byName, String setting, String name, List<Column> columns,
                               List<ConfigProblem> problems) {
        Column column = byName.get(name.toLowerCase(Locale.ROOT));
        if (column == null) {
            problems.add(new ConfigProblem(setting, "column '" + name + "' is not among the contacts query's columns ("
                    + String.join(", ", columns.stream().map(Column::name).toList()) + ")"));
        }
        return column;
    }

    /** The key column's type, for binding {@code :key} in write-backs. */
    KeyType keyType() {
        return new KeyType(key.sqlType(), key.typeName());
    }

    /** The contact in the current row, or null when its key is NULL. */
    CrmContact read(ResultSet rs) throws SQLException {
        String keyText = Values.text(rs, key.index(), key.kind());
        if (keyText == null) {
            return null;
        }
        String address = Values.text(rs, email.index(), email.kind());
        boolean granted = Values.consent(rs.getObject(consent.index()));
        Instant grantedAt = consentAt == null ? null : Values.instant(rs, consentAt.index(), consentAt.kind(), zone);
        Map<String, String> values = new LinkedHashMap<>();
        for (Column column : attributes) {
            String text = Values.text(rs, column.index(), column.kind());
            if (text != null) {
                values.putIfAbsent(column.name(), text);
            }
        }
        return new CrmContact(keyText, address, granted, grantedAt, values);
    }
}
