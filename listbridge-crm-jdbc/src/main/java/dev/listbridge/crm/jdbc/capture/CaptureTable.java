package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.SqlErrors;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The table change capture watches, with its columns as the database stores their names.
 *
 * @param table   as the config names it ({@code customers}, {@code crm.customers}); it worked unquoted
 * @param columns in the table's order
 */
public record CaptureTable(String table, List<TableColumn> columns) {

    /** One column: its stored name, JDBC type and the database's type name. */
    public record TableColumn(String name, int sqlType, String typeName) {
    }

    public CaptureTable {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
    }

    /**
     * The table's columns, from the metadata of a query that returns no row.
     *
     * @throws InvalidConfigException keyed {@code crm.contacts.table} when the database refuses it (no such table)
     */
    static CaptureTable read(Connection connection, String table, SqlErrors errors) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " WHERE 1=0")) {
            ResultSetMetaData metadata = rs.getMetaData();
            List<TableColumn> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(new TableColumn(metadata.getColumnName(i), metadata.getColumnType(i), metadata.getColumnTypeName(i)));
            }
            return new CaptureTable(table, columns);
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.contacts.table", "reading table '" + table + "'", false);
        }
    }

    /** The column of that name, whatever its case; null when the table has none. */
    public TableColumn find(String name) {
        for (TableColumn column : columns) {
            if (column.name().equalsIgnoreCase(name)) {
                return column;
            }
        }
        return null;
    }

    /** The column of that name, or a problem naming it, the table and the config key, added to {@code problems}. */
    TableColumn require(String configKey, String name, List<ConfigProblem> problems) {
        TableColumn column = find(name);
        if (column == null) {
            problems.add(new ConfigProblem(configKey, "column '" + name + "' is not a column of table " + table
                    + " (its columns: " + String.join(", ", columns.stream().map(TableColumn::name).toList()) + ")"));
        }
        return column;
    }

    /** The trigger and function names' stem: the table name as lower-case letters, digits and underscores. */
    String stem() {
        String stem = table.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return stem.length() > 40 ? stem.substring(0, 40) : stem;
    }

    /** The schema part of a qualified table name, or null. */
    String schema() {
        int dot = table.lastIndexOf('.');
        return dot < 0 ? null : table.substring(0, dot);
    }

    static void check(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}
