package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A write-back statement with named parameters ({@code :key}, {@code :email}, {@code :newEmail},
 * {@code :occurredAt}, {@code :reason}, {@code :audience}), translated to JDBC's {@code ?}.
 *
 * <p>A parameter is a colon followed by a name, outside single-quoted strings (also {@code E'…'}
 * with backslash escapes), double-quoted and back-quoted identifiers, PostgreSQL dollar-quoted
 * strings, {@code --} and (nested) {@code /* *}{@code /} comments. {@code ::type} (a PostgreSQL
 * cast) and {@code :=} are no parameters. A bare {@code ?} is refused, since it would become a JDBC
 * parameter no value is bound to.
 *
 * @param name       the statement's name (e.g. {@code unsubscribed}), for messages
 * @param sql        the statement as configured
 * @param jdbcSql    the statement with each parameter replaced by {@code ?}
 * @param parameters the parameter names in the order of the {@code ?} in {@link #jdbcSql}
 */
public record NamedStatement(String name, String sql, String jdbcSql, List<String> parameters) {

    /** The parameter names a statement may use (case-sensitive). */
    public static final List<String> ALLOWED = List.of("key", "email", "newEmail", "occurredAt", "reason", "audience");

    public NamedStatement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(jdbcSql, "jdbcSql");
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses a statement.
     *
     * @param name the statement's name, used as the key of every problem reported
     * @throws InvalidConfigException naming the statement, for every unknown parameter (with the
     *                                allowed names), a bare {@code ?}, an unterminated string,
     *                                identifier or comment, or an empty statement
     */
    public static NamedStatement parse(String name, String sql) {
        Objects.requireNonNull(name, "name");
        if (sql == null || sql.isBlank()) {
            throw new InvalidConfigException(name, "statement '" + name + "' is empty");
        }
        Parser parser = new Parser(name, sql);
        parser.run();
        if (!parser.problems.isEmpty()) {
            throw new InvalidConfigException(List.copyOf(parser.problems));
        }
        return new NamedStatement(name, sql, parser.out.toString(), parser.parameters);
    }

    /** Whether the statement uses the parameter {@code parameter}. */
    public boolean uses(String parameter) {
        return parameters.contains(parameter);
    }

    private static final class Parser {
        private final String name;
        private final String sql;
        private final StringBuilder out = new StringBuilder();
        private final List<String> parameters = new ArrayList<>();
        private final Set<ConfigProblem> problems = new LinkedHashSet<>();
        private int pos;

        Parser(String name, String sql) {
            this.name = name;
            this.sql = sql;
        }

        void run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                char next = pos + 1 < sql.length() ? sql.charAt(pos + 1) : '\0';
                if (c == '\'') {
                    boolean backslashEscapes = pos > 0 && (sql.charAt(pos - 1) == 'E' || sql.charAt(pos - 1) == 'e')
                            && (pos < 2 || !isIdentifierPart(sql.charAt(pos - 2)));
                    copyQuoted('\'', backslashEscapes, "string");
                } else if (c == '"') {
                    copyQuoted('"', false, "quoted identifier");
                } else if (c == '`') {
                    copyQuoted('`', false, "quoted identifier");
                } else if (c == '-' && next == '-') {
                    copyLineComment();
                } else if (c == '/' && next == '*') {
                    copyBlockComment();
                } else if (c == '$' && dollarTagAt(pos) != null) {
                    copyDollarQuoted(dollarTagAt(pos));
                } else if (c == ':' && next == ':') {
                    out.append("::");
                    pos += 2;
                    while (pos < sql.length() && sql.charAt(pos) == ':') {
                        out.append(':');
                        pos++;
                    }
                } else if (c == ':' && Character.isJavaIdentifierStart(next) && next != '$' && (pos == 0 || !isIdentifierPart(sql.charAt(pos - 1)))) {
                    parameter();
                } else if (c == '?') {
                    problem("statement '" + name + "' contains a bare '?' at position " + (pos + 1)
                            + "; use named parameters " + allowedList());
                    out.append(c);
                    pos++;
                } else {
                    out.append(c);
                    pos++;
                }
            }
        }

        private void parameter() {
            int start = pos + 1;
            int end = start;
            while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                end++;
            }
            String parameter = sql.substring(start, end);
            if (!ALLOWED.contains(parameter)) {
                String suggestion = closest(parameter);
                problem("statement '" + name + "' uses unknown parameter :" + parameter + "; "
                        + (suggestion == null ? "" : "did you mean :" + suggestion + "? ") + "allowed are " + allowedList());
            }
            parameters.add(parameter);
            out.append('?');
            pos = end;
        }

        private void copyQuoted(char quote, boolean backslashEscapes, String what) {
            int start = pos;
            out.append(quote);
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                out.append(c);
                pos++;
                if (backslashEscapes && c == '\\' && pos < sql.length()) {
                    out.append(sql.charAt(pos));
                    pos++;
                } else if (c == quote) {
                    if (pos < sql.length() && sql.charAt(pos) == quote) {
                        out.append(quote);
                        pos++;
                    } else {
                        return;
                    }
                }
            }
            problem("statement '" + name + "' has an unterminated " + what + " starting at position " + (start + 1));
        }

        private void copyLineComment() {
            while (pos < sql.length() && sql.charAt(pos) != '\n') {
                out.append(sql.charAt(pos));
                pos++;
            }
        }

        private void copyBlockComment() {
            int start = pos;
            int depth = 0;
            while (pos < sql.length()) {
                if (sql.startsWith("/*", pos)) {
                    depth++;
                    out.append("/*");
                    pos += 2;
                } else if (sql.startsWith("*/", pos)) {
                    depth--;
                    out.append("*/");
                    pos += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    out.append(sql.charAt(pos));
                    pos++;
                }
            }
            problem("statement '" + name + "' has an unterminated comment starting at position " + (start + 1));
        }

        /** The tag of a PostgreSQL dollar quote starting at {@code at} ({@code $$} or {@code $tag$}), or null. */
        private String dollarTagAt(int at) {
            if (at > 0 && isIdentifierPart(sql.charAt(at - 1))) {
                return null;
            }
            int end = at + 1;
            while (end < sql.length() && (Character.isLetter(sql.charAt(end)) || sql.charAt(end) == '_'
                    || end > at + 1 && Character.isDigit(sql.charAt(end)))) {
                end++;
            }
            return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(at, end + 1) : null;
        }

        private void copyDollarQuoted(String tag) {
            int start = pos;
            int close = sql.indexOf(tag, pos + tag.length());
            if (close < 0) {
                out.append(sql, pos, sql.length());
                pos = sql.length();
                problem("statement '" + name + "' has an unterminated " + tag + " string starting at position " + (start + 1));
                return;
            }
            out.append(sql, pos, close + tag.length());
            pos = close + tag.length();
        }

        private void problem(String message) {
            problems.add(new ConfigProblem(name, message));
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }

        /** The allowed name a misspelt one most likely meant: same letters but case and '_', or one edit away. */
        private static String closest(String given) {
            String plain = given.replace("_", "").toLowerCase(java.util.Locale.ROOT);
            for (String allowed : ALLOWED) {
                String other = allowed.toLowerCase(java.util.Locale.ROOT);
                if (other.equals(plain) || oneEditApart(plain, other)) {
                    return allowed;
                }
            }
            return null;
        }

        private static boolean oneEditApart(String a, String b) {
            if (Math.abs(a.length() - b.length()) > 1) {
                return false;
            }
            int i = 0;
            while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
                i++;
            }
            int j = 0;
            while (j < a.length() - i && j < b.length() - i
                    && a.charAt(a.length() - 1 - j) == b.charAt(b.length() - 1 - j)) {
                j++;
            }
            return Math.max(a.length(), b.length()) - i - j <= 1;
        }

        private static String allowedList() {
            return ALLOWED.stream().map(p -> ":" + p).collect(Collectors.joining(", "));
        }
    }
}
