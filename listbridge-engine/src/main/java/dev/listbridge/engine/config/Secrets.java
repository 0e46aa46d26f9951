package dev.listbridge.engine.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which config keys hold secrets, and how they are shown: never. */
final class Secrets {
    static final String MASK = "****";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd|secret|token)=([^&;]*)");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:]*):([^/@]*)@");

    private Secrets() {
    }

    /** Whether a tool setting is a secret: its name contains key, secret, token or password. */
    static boolean isSecretToolKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("key") || lower.contains("secret") || lower.contains("token") || lower.contains("password");
    }

    /** Whether the value at a dotted path is a secret. */
    static boolean isSecretPath(String path) {
        String[] parts = path.split("\\.");
        String last = parts[parts.length - 1];
        return switch (parts[0]) {
            case "crm" -> parts.length == 2 && last.equals("password");
            case "server" -> parts.length == 2 && last.equals("adminToken");
            case "tools" -> parts.length == 3 && isSecretToolKey(last);
            case "audiences" -> parts.length == 3 && (last.equals("webhookSecret") || last.equals("signingSecret"));
            default -> false;
        };
    }

    /** {@code ****} for a secret that is set, {@code (not set)} otherwise. */
    static String mask(String secret) {
        return secret == null ? "(not set)" : MASK;
    }

    /** The URL with passwords in its parameters or user info replaced by {@code ****}. */
    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1=" + MASK);
        return URL_USER_INFO.matcher(masked).replaceAll("$1:" + MASK + "@");
    }
}
