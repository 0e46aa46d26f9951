package dev.listbridge.crm.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps the CRM password out of messages (DESIGN.md invariant 7). */
final class Secrets {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b(password|pwd)=([^&;\\s]*)");
    private static final String MASK = "****";

    private Secrets() {
    }

    /** {@code text} with every {@code password=…} URL property and every occurrence of {@code password} masked. */
    static String mask(String text, String password) {
        if (text == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1=" + Matcher.quoteReplacement(MASK));
        if (password != null && password.length() >= 3) {
            masked = masked.replace(password, MASK);
        }
        return masked;
    }
}
