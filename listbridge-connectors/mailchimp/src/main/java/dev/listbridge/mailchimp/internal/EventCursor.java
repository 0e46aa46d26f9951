package dev.listbridge.mailchimp.internal;

import java.time.Instant;
import java.util.Locale;

/**
 * Where a pull of events stands; the page token of {@code readEvents}. It carries everything the next
 * page needs, the pull's own lower bound included.
 *
 * <p>Members are read sorted by {@code last_changed}, keyset-paged: each page asks for changes after
 * the previous page's last second minus one (Mailchimp's filters are strict and to the second, so
 * the items sharing that second are read again rather than skipped; the engine deduplicates). A page
 * that lies wholly within one second cannot move that bound, so that second is then read alone,
 * offset-paged between {@code second - 1} and {@code second + 1}. A member that changes meanwhile
 * leaves that second and would shift the rest of it forward past the offset; when the second's total
 * shrinks, it is read again from its start.
 *
 * @param phase  which query runs
 * @param origin the pull's exclusive lower bound in epoch seconds (null: everything); each phase starts there
 * @param since  the current exclusive lower bound in epoch seconds, or null for none
 * @param second the second being read offset-paged, or null when keyset paging
 * @param offset the offset within that second (or within the abuse reports)
 * @param total  how many members that second held at the last page, or -1 when not known
 */
public record EventCursor(Phase phase, Long origin, Long since, Long second, int offset, int total) {

    /**
     * The queries of one pull, in order. Abuse reports come first: a complaint also unsubscribes the member (Mailchimp's
     * help on feedback loops), so its member shows up in the same pull as unsubscribed. Read after the complaint, that
     * status with the report's change time is the state the complaint left, known already, and is not applied (nor
     * written back to the CRM) a second time as an opt-out; with a later change time it still is. For one member the
     * order is also the order in which things happened: its status cannot be older than its complaint.
     */
    public enum Phase {
        /** The audience's abuse reports (complaints), dated after since. */
        ABUSE,
        /** Members of every status but archived, changed after since. */
        MEMBERS,
        /** Archived members, changed after since. */
        ARCHIVED
    }

    public EventCursor {
        if (phase == null || offset < 0 || total < -1) {
            throw new IllegalArgumentException("phase required, offset and total not negative");
        }
    }

    /** The first page of a pull of what happened strictly after {@code since} (null: everything). */
    public static EventCursor first(Instant since) {
        Long origin = sinceSecond(since);
        return new EventCursor(Phase.values()[0], origin, origin, null, 0, -1);
    }

    /**
     * The exclusive lower bound, to the second, for "strictly after {@code since}": a since with a
     * fraction of a second is rounded down and the whole second included, since Mailchimp reports
     * a change within that second as the second itself.
     */
    public static Long sinceSecond(Instant since) {
        if (since == null) {
            return null;
        }
        return since.getNano() == 0 ? since.getEpochSecond() : since.getEpochSecond() - 1;
    }

    /** The next phase's start, or null after the last. */
    public EventCursor nextPhase() {
        int next = phase.ordinal() + 1;
        return next < Phase.values().length ? new EventCursor(Phase.values()[next], origin, origin, null, 0, -1) : null;
    }

    /** Keyset paging on from after {@code newSince}. */
    public EventCursor after(long newSince) {
        return new EventCursor(phase, origin, newSince, null, 0, -1);
    }

    /** Offset paging within {@code newSecond}, at {@code newOffset}, having seen {@code newTotal} members there. */
    public EventCursor within(long newSecond, int newOffset, int newTotal) {
        return new EventCursor(phase, origin, since, newSecond, newOffset, newTotal);
    }

    /** Offset paging on (abuse reports). */
    public EventCursor at(int newOffset) {
        return new EventCursor(phase, origin, since, second, newOffset, total);
    }

    public String encode() {
        return String.join(":", phase.name().toLowerCase(Locale.ROOT), text(origin), text(since), text(second),
                Integer.toString(offset), Integer.toString(total));
    }

    /**
     * Reads a token {@link #encode()} made.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static EventCursor decode(String token) {
        String[] parts = token.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a Mailchimp event page token: '" + token + "'");
        }
        try {
            return new EventCursor(Phase.valueOf(parts[0].toUpperCase(Locale.ROOT)), number(parts[1]), number(parts[2]),
                    number(parts[3]), Integer.parseInt(parts[4]), Integer.parseInt(parts[5]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Mailchimp event page token: '" + token + "'", e);
        }
    }

    private static String text(Long value) {
        return value == null ? "-" : value.toString();
    }

    private static Long number(String text) {
        return text.equals("-") ? null : Long.valueOf(text);
    }
}
