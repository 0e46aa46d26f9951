package dev.listbridge.sandbox.internal.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Address rules of the sandbox. Mailchimp publishes no grammar; what is refused here is what
 * Mailchimp is seen refusing [3p: client code that matches these messages]: syntactically broken
 * addresses ("Please provide a valid email address."), and addresses that "look fake". Mailchimp
 * has no SMTPUTF8, so a non-ASCII local part is refused; IDN domains must arrive in punycode
 * (DESIGN 6.1 and 6.11 push them that way).
 */
public final class EmailAddresses {
    public static final String INVALID = "Please provide a valid email address.";

    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}");

    private EmailAddresses() {
    }

    /** The reason Mailchimp would refuse this address, or empty when it accepts it. */
    public static Optional<String> problem(String address) {
        if (address == null || address.length() > 254) {
            return Optional.of(INVALID);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
            return Optional.of(INVALID);
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches() || !validDomain(domain)) {
            return Optional.of(INVALID);
        }
        // RFC 2606 reserves .invalid for addresses that cannot exist: the sandbox's way to produce
        // Mailchimp's "looks fake" refusal deterministically (example.com stays accepted for tests).
        if (domain.toLowerCase(Locale.ROOT).endsWith(".invalid")) {
            return Optional.of(address + " looks fake or invalid, please enter a real email address.");
        }
        return Optional.empty();
    }

    /** Mailchimp's {@code subscriber_hash}: MD5 of the lowercased address. */
    public static String subscriberHash(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has MD5", impossible);
        }
    }

    private static boolean validDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }
}
