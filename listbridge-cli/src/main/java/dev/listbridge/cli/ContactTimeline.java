package dev.listbridge.cli;

import dev.listbridge.store.AuditRow;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.StateTx;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Prints a contact's addresses with their validity and everything that happened, in order. */
final class ContactTimeline {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ContactTimeline() {
    }

    /**
     * Prints the timeline of a contact from the state store.
     *
     * @return false when the ledger knows no such contact
     */
    static boolean show(PrintWriter out, StateTx tx, String key) {
        List<LinkRow> links = tx.ledger().linksOfContact(key);
        if (links.isEmpty()) {
            return false;
        }
        List<String> emailKeys = links.stream().map(LinkRow::emailKey).distinct().toList();
        print(out, key, links, tx.audit().timeline(key, emailKeys));
        return true;
    }

    private static void print(PrintWriter out, String key, List<LinkRow> links, List<AuditRow> events) {
        out.println("Contact " + key);
        out.println("  Addresses (UTC):");
        for (LinkRow link : links) {
            out.printf("    %-40s %s .. %s  [%s]%s%s%n", link.email(), time(link.validFrom()),
                    link.validTo() == null ? "now                " : time(link.validTo()), link.audience(),
                    link.memberId() == null ? "" : " member " + link.memberId(),
                    link.closeReason() == null ? "" : " (" + link.closeReason() + ")");
        }
        out.println("  Timeline (UTC):");
        for (AuditRow event : events) {
            out.printf("    %s  %-28s %s%n", time(event.at()), event.kind(), event.detail());
        }
    }

    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }
}
