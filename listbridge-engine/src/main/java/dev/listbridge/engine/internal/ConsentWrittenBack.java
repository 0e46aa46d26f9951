package dev.listbridge.engine.internal;

import dev.listbridge.store.AuditRow;
import java.util.List;
import java.util.Set;

/**
 * Whether a consent change the diff reads in the CRM is Listbridge's own: a write-back that gives the CRM that consent
 * changed the contact's row since its snapshot was taken. {@code unsubscribed} and {@code complaint} revoke consent
 * (an opt-out or a complaint in the tool), {@code confirmed} and {@code signup} give it (a double opt-in confirmed, a
 * sign-up taken into the CRM). The contact's timeline already holds the recipient's event and the write-back; the
 * same change recorded again as one made in the CRM would name the wrong party.
 */
final class ConsentWrittenBack {
    private static final Set<String> REVOKING = Set.of("unsubscribed", "complaint");
    private static final Set<String> GRANTING = Set.of("confirmed", "signup");

    /** The part of a {@code crm_write_back} audit entry read here. */
    record Entry(String statement, int rows) {
    }

    private ConsentWrittenBack() {
    }

    /**
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
