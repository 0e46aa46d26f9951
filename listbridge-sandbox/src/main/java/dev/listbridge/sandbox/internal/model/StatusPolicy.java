package dev.listbridge.sandbox.internal.model;

import static dev.listbridge.sandbox.internal.model.MemberStatus.ARCHIVED;
import static dev.listbridge.sandbox.internal.model.MemberStatus.CLEANED;
import static dev.listbridge.sandbox.internal.model.MemberStatus.PENDING;
import static dev.listbridge.sandbox.internal.model.MemberStatus.UNSUBSCRIBED;

/**
 * Which status changes the API may make. People (signup form, unsubscribe link, bounces) are not
 * bound by this: see {@link RecipientActions}.
 */
public final class StatusPolicy {
    private StatusPolicy() {
    }

    /**
     * May an API call move a member from {@code from} (its compliance status; null for a new
     * member) to {@code to}?
     * <ul>
     *   <li>unsubscribed or cleaned never become subscribed (or transactional) through the API:
     *       "Member In Compliance State" [3p: many recorded responses];</li>
     *   <li>an unsubscribed member may go pending, to be asked again by confirmation mail [doc skill
     *       set-consent-correctly]; a cleaned one may not, and neither may someone who complained:
     *       after a complaint Mailchimp needs "100% proof of opt-in" through its own form
     *       [doc: kb.mailchimp.com about-feedbackloop];</li>
     *   <li>unsubscribing (and cleaning) is always allowed.</li>
     * </ul>
     */
    public static boolean apiMaySet(MemberStatus from, boolean complained, MemberStatus to) {
        if (from == null || from == to) {
            return true;
        }
        return switch (to) {
            case SUBSCRIBED, TRANSACTIONAL -> from != UNSUBSCRIBED && from != CLEANED;
            case PENDING -> from != CLEANED && !complained;
            case UNSUBSCRIBED, CLEANED -> true;
            case ARCHIVED -> false;
        };
    }

    /**
     * May DELETE archive a member in this status? "Archiving fails with 405 for bounced, pending or
     * archived contacts" is evidence level [3p]: recorded 405 answers in grouparoo's test fixtures
     * ("This list member cannot be removed.  Please contact support.", Allow: GET, PUT).
     */
    public static boolean apiMayArchive(MemberStatus from) {
        return from != CLEANED && from != PENDING && from != ARCHIVED;
    }
}
