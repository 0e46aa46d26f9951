package dev.listbridge.engine.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the table a contacts query reads when it plainly reads one, so that {@code crm.contacts.table}
 * may be left out for change capture. Deliberately conservative: any second {@code FROM} (a subquery,
 * even the word in a string literal), any join, set operation or common table expression, a comma
 * or anything else after the table than an alias, {@code WHERE}, {@code GROUP BY} or
 * {@code ORDER BY} means "cannot tell", and the key is required.
 */
final class SingleTableQuery {
    static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*";
    /** A table name as the capture modes accept it: {@code customers} or {@code crm.customers}. */
    static final Pattern TABLE_NAME = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")?");
    private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\b");
    private static final Pattern SEVERAL_TABLES = Pattern.compile(
            "(?i)\\b(join|union|intersect|except|minus|with|lateral|apply|pivot|unpivot)\\b");
    private static final Pattern SINGLE = Pattern.compile("(?is)\\s*select\\s.+?\\sfrom\\s+(" + TABLE_NAME.pattern()
            + ")(?:\\s+(?:as\\s+)?(" + IDENTIFIER + "))?\\s*(?:(?:where|group\\s+by|order\\s+by)\\s.*)?");

    private SingleTableQuery() {
    }

    /** The one table {@code query} reads, as written there; null when that cannot be told safely. */
    static String table(String query) {
        String text = query.strip().replaceAll("[\\s;]+$", "");
        if (FROM.matcher(text).results().count() != 1 || SEVERAL_TABLES.matcher(text).find()
                || text.contains("--") || text.contains("/*")) {
            return null;
        }
        Matcher matcher = SINGLE.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        String alias = matcher.group(2);
        if (alias != null && isClauseWord(alias)) {
            return null;
        }
        return matcher.group(1);
    }

    private static boolean isClauseWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "where", "group", "order", "having", "limit", "offset", "fetch", "for", "window" -> true;
            default -> false;
        };
    }
}
