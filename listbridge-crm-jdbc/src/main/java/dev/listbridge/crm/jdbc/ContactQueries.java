package dev.listbridge.crm.jdbc;

import java.util.Collections;
import java.util.regex.Pattern;

/**
 * The SQL Listbridge wraps around the administrator's contacts query. The same text serves every
 * database: a derived table with an alias, line breaks so that a trailing {@code --} comment in the
 * query or filter cannot swallow the closing parenthesis.
 */
final class ContactQueries {

    static final String ALIAS = "lb_contacts";
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[\\s;]+$");

    private ContactQueries() {
    }

    /** The rows of the selection: all when {@code filter} is null or blank. */
    static String select(String contactsQuery, String filter) {
        String wrapped = "SELECT * FROM (\n" + strip(contactsQuery) + "\n) " + ALIAS;
        return filter == null || filter.isBlank() ? wrapped : wrapped + " WHERE (\n" + strip(filter) + "\n)";
    }

    /**
     * The rows of the selection whose key is one of {@code keys} bound values.
     *
     * @param quotedKey the key column as the query labels it, quoted for the database
     */
    static String selectKeys(String contactsQuery, String filter, String quotedKey, int keys) {
        String in = ALIAS + "." + quotedKey + " IN (" + String.join(", ", Collections.nCopies(keys, "?")) + ")";
        String wrapped = "SELECT * FROM (\n" + strip(contactsQuery) + "\n) " + ALIAS;
        return filter == null || filter.isBlank() ? wrapped + " WHERE " + in
                : wrapped + " WHERE (\n" + strip(filter) + "\n) AND " + in;
    }

    /** No rows, only the columns: to test the query and learn its column types. */
    static String probe(String contactsQuery) {
        return "SELECT * FROM (\n" + strip(contactsQuery) + "\n) " + ALIAS + " WHERE 1=0";
    }

    static String count(String contactsQuery) {
        return "SELECT COUNT(*) FROM (\n" + strip(contactsQuery) + "\n) " + ALIAS;
    }

    /** The query without surrounding blanks and trailing semicolons, which no subquery may hold. */
    static String strip(String sql) {
        return TRAILING_SEMICOLONS.matcher(sql.strip()).replaceAll("");
    }
}
