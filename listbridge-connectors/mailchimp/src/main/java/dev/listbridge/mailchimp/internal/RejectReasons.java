package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.RejectReason;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads why Mailchimp refused one record from its text: Mailchimp's per-member errors carry no
 * machine-readable reason beyond {@code ERROR_CONTACT_EXISTS} / {@code ERROR_GENERIC}.
 */
public final class RejectReasons {

    /**
     * "... is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be
     * subscribed", "... was permanently deleted and cannot be re-imported", and the like.
     */
    private static final Pattern COMPLIANCE = Pattern.compile(
            "compliance|unsubscribed|cleaned|re-?subscribe|re-?import|permanently deleted");
    /** "Please provide a valid email address.", "... looks fake or invalid, please enter a real email address." */
    private static final Pattern INVALID_ADDRESS = Pattern.compile(
            "fake|valid email|invalid email|email address is invalid|invalid address|not a valid (email )?address");

    private RejectReasons() {
    }

    /**
     * The reason for a refusal of one member in a batch or segment call. The address is taken out of
     * the text first, so that {@code unsubscribed.ann@example.com} does not read as a compliance state.
     */
    public static RejectReason of(String toolText, String... addresses) {
        String text = toolText.toLowerCase(Locale.ROOT);
        for (String address : addresses) {
            if (address != null && !address.isBlank()) {
                text = text.replace(address.toLowerCase(Locale.ROOT), "");
            }
        }
        if (INVALID_ADDRESS.matcher(text).find()) {
            return RejectReason.INVALID_ADDRESS;
        }
        if (COMPLIANCE.matcher(text).find()) {
            return RejectReason.COMPLIANCE_STATE;
        }
        return RejectReason.OTHER;
    }

    /** A 400 on a rename: an invalid new address, else the new address belongs to another member. */
    public static RejectReason ofRename(String toolText, String from, String to) {
        RejectReason reason = of(toolText, from, to);
        return reason == RejectReason.OTHER ? RejectReason.CONFLICT : reason;
    }
}
