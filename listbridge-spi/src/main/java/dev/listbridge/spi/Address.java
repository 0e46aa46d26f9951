package dev.listbridge.spi;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A normalized email address (DESIGN.md section 6.1).
 *
 * <ul>
 *   <li>{@link #original()}: the spelling as the CRM (or tool) wrote it, trimmed; kept for display.</li>
 *   <li>{@link #ascii()}: the form pushed to tools: the original local part and the domain lowercased
 *       and, for an IDN domain, in its ASCII (punycode) form, so one address is one member.</li>
 *   <li>{@link #key()}: the matching key: {@code ascii()} with the local part lowercased too, since
 *       all supported tools match case-insensitively. A change of case only is no address change.</li>
 * </ul>
 * Instances are created by {@link #parse(String)}, which rejects what no tool accepts.
 */
public record Address(String original, String ascii, String key) {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_TOTAL = 254;

    public Address {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(ascii, "ascii");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Parses and normalizes an address.
     *
     * @throws InvalidAddressException naming what is wrong, for a null, empty or malformed address
     */
    public static Address parse(String raw) {
        if (raw == null) {
            throw new InvalidAddressException(null, "no address (NULL)");
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidAddressException(raw, "empty address");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new InvalidAddressException(raw, "expected local-part@domain");
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1);
        validateLocal(raw, local);
        String asciiDomain = asciiDomain(raw, domain);
        String ascii = local + "@" + asciiDomain;
        if (ascii.length() > MAX_TOTAL) {
            throw new InvalidAddressException(raw, "longer than " + MAX_TOTAL + " characters");
        }
        return new Address(trimmed, ascii, local.toLowerCase(Locale.ROOT) + "@" + asciiDomain);
    }

    /** Whether the local part holds non-ASCII characters (needs SMTPUTF8 support in the tool). */
    public boolean utf8LocalPart() {
        return !ascii.chars().allMatch(c -> c < 0x80);
    }

    /** The domain part, lowercased and in ASCII form. */
    public String domain() {
        return ascii.substring(ascii.lastIndexOf('@') + 1);
    }

    private static void validateLocal(String raw, String local) {
        if (local.length() > MAX_LOCAL) {
            throw new InvalidAddressException(raw, "local part longer than " + MAX_LOCAL + " characters");
        }
        if (local.startsWith("\"") && local.endsWith("\"") && local.length() >= 2) {
            String inner = local.substring(1, local.length() - 1);
            if (inner.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidAddressException(raw, "control character in quoted local part");
            }
            return;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidAddressException(raw, "local part must not start or end with a dot or hold two dots in a row");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean atext = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0 || c >= 0x80 && !Character.isWhitespace(c);
            if (!atext) {
                throw new InvalidAddressException(raw, "character '" + c + "' not allowed in the local part");
            }
        }
    }

    private static String asciiDomain(String raw, String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException(raw, "invalid domain: " + e.getMessage());
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidAddressException(raw, "domain needs at least one dot");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidAddressException(raw, "invalid domain label '" + label + "'");
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.chars().allMatch(Character::isDigit)) {
            throw new InvalidAddressException(raw, "top-level domain is numeric");
        }
        return ascii;
    }

    @Override
    public String toString() {
        return original;
    }
}
