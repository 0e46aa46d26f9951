package dev.listbridge.store;

/** INSERT ... ON CONFLICT DO UPDATE (or DO NOTHING), which SQLite and PostgreSQL spell alike. */
final class Upsert {
    private Upsert() {
    }

    static String sql(String table, String[] keyColumns, String[] valueColumns) {
        String[] all = new String[keyColumns.length + valueColumns.length];
        System.arraycopy(keyColumns, 0, all, 0, keyColumns.length);
        System.arraycopy(valueColumns, 0, all, keyColumns.length, valueColumns.length);
        String columns = String.join(", ", all);
        String marks = "?" + ", ?".repeat(all.length - 1);
        StringBuilder set = new StringBuilder();
        for (String column : valueColumns) {
            set.append(set.isEmpty() ? "" : ", ").append(column).append(" = excluded.").append(column);
        }
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT ("
                + String.join(", ", keyColumns) + ") DO " + (valueColumns.length == 0 ? "NOTHING" : "UPDATE SET " + set);
    }
}
