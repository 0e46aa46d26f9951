package dev.listbridge.engine.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Resolves the relative file path in an SQLite or H2 JDBC URL against the config file's folder. */
final class JdbcUrls {
    private static final Pattern OTHER_H2_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9]+:.*");

    private JdbcUrls() {
    }

    static String resolve(String url, Path folder) {
        if (url.startsWith("jdbc:sqlite:")) {
            return sqlite(url.substring("jdbc:sqlite:".length()), folder);
        }
        if (url.startsWith("jdbc:h2:")) {
            return h2(url.substring("jdbc:h2:".length()), folder);
        }
        return url;
    }

    private static String sqlite(String rest, Path folder) {
        // "" and ":memory:" are in memory, ":resource:" is on the class path
        if (rest.isEmpty() || rest.startsWith(":")) {
            return "jdbc:sqlite:" + rest;
        }
        String scheme = rest.startsWith("file:") ? "file:" : "";
        String location = rest.substring(scheme.length());
        int query = location.indexOf('?');
        String path = query < 0 ? location : location.substring(0, query);
        String parameters = query < 0 ? "" : location.substring(query);
        if (path.isEmpty() || path.startsWith("/") || path.startsWith(":") || isAbsolute(path)) {
            return "jdbc:sqlite:" + rest;
        }
        return "jdbc:sqlite:" + scheme + folder.resolve(path).normalize() + parameters;
    }

    private static String h2(String rest, Path folder) {
        String scheme = rest.startsWith("file:") ? "file:" : "";
        String location = rest.substring(scheme.length());
        // mem:, tcp:, ssl:, zip:, nio…: are not local paths; "C:" is a Windows drive
        if (scheme.isEmpty() && OTHER_H2_SCHEME.matcher(location).matches()) {
            return "jdbc:h2:" + rest;
        }
        int settings = location.indexOf(';');
        String path = settings < 0 ? location : location.substring(0, settings);
        String tail = settings < 0 ? "" : location.substring(settings);
        if (path.isEmpty() || path.startsWith("~") || path.startsWith("/") || isAbsolute(path)) {
            return "jdbc:h2:" + rest;
        }
        return "jdbc:h2:" + scheme + folder.resolve(path).normalize() + tail;
    }

    private static boolean isAbsolute(String path) {
        try {
            return Path.of(path).isAbsolute();
        } catch (RuntimeException e) {
            return true; // not a path this system understands: leave it to the driver
        }
    }
}
