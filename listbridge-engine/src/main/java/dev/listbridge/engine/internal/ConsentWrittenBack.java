package dev.listbridge.engine.internal;

import dev.listbridge.store.AuditRow;
import dev.listbridge.store.Hash64;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whether a consent change the diff reads in the CRM is Listbridge's own: a write-back that gives the CRM that consent
 * changed the contact's row since its snapshot was taken. {@code unsubscribed} and {@code complaint} revoke consent
 * (an opt-out or a complaint in the tool), {@code confirmed} and {@code signup} give it (a double opt-in confirmed, a
 * sign-up taken into the CRM). The contact's timeline already holds the recipient's event and the write-back; the
 * same change recorded again as one made in the CRM would name the wrong party.
 *
 * <p>One per cycle: it keeps the contacts whose consent this cycle's write-backs changed (after any snapshot of
 * theirs), by a 63-bit hash of the key and the consent given, so that the diff that follows a pull of many opt-outs
 * asks the store only about write-backs of earlier cycles ({@link #explains}).
 */
final class ConsentWrittenBack {
    private static final Set<String> REVOKING = Set.of("unsubscribed", "complaint");
    private static final Set<String> GRANTING = Set.of("confirmed", "signup");

    private long[] written = new long[64];
    private int size;
    private boolean sorted = true;

    /** The part of a {@code crm_write_back} audit entry read here. */
    record Entry(String statement, int rows) {
    }

    /** A write-back of this cycle the CRM committed, changing {@code rows} rows. */
    void committed(String contactKey, String statement, int rows) {
        boolean revoking = REVOKING.contains(statement);
        if (contactKey == null || rows == 0 || !(revoking || GRANTING.contains(statement))) {
            return;
        }
        if (size == written.length) {
            written = Arrays.copyOf(written, size * 2);
        }
        written[size++] = entry(contactKey, !revoking);
        sorted = false;
    }

    /** Whether a write-back of this cycle gave the contact this consent. */
    boolean inThisCycle(String contactKey, boolean consent) {
        if (size == 0) {
            return false;
        }
        if (!sorted) {
            Arrays.sort(written, 0, size);
            sorted = true;
        }
        return Arrays.binarySearch(written, 0, size, entry(contactKey, consent)) >= 0;
    }

    private static long entry(String contactKey, boolean consent) {
        return Hash64.of(contactKey) << 1 | (consent ? 1 : 0);
    }

    /**
     * Whether one of a contact's write-backs recorded at or after {@code since} gave the CRM this consent.
     *
     * @param writeBacks the contact's {@code crm_write_back} audit entries
     * @param consent    the consent the CRM now records
     * @param since      when the snapshot that recorded the other consent was taken
     */
    static boolean explains(List<AuditRow> writeBacks, boolean consent, long since) {
        Set<String> statements = consent ? GRANTING : REVOKING;
        for (AuditRow writeBack : writeBacks) {
            if (writeBack.at() >= since) {
                Entry entry = Json.read(writeBack.detail(), Entry.class);
                if (statements.contains(entry.statement()) && entry.rows() > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
