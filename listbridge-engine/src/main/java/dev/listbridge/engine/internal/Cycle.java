package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.StateTx;
import java.time.Clock;
import java.util.Map;

/** What the phases of one cycle share. */
final class Cycle {
    final AudienceConfig audience;
    final String toolName;
    final Capabilities capabilities;
    final Map<String, String> crmWriteBack;
    final Clock clock;
    final CycleReport report;
    final long runId;
    /** Contacts with a write-back journaled in this cycle: what the CRM side of the blast-radius guard counts. */
    final java.util.Set<String> writeBackContacts = new java.util.HashSet<>();
    /** The contacts whose consent this cycle's write-backs changed in the CRM. */
    final ConsentWrittenBack consentWrittenBack = new ConsentWrittenBack();
    /** Where this cycle's event pull started, on the tool's clock; null before it, or when it read everything. */
    java.time.Instant pulledSince;

    Cycle(AudienceConfig audience, String toolName, Capabilities capabilities, Map<String, String> crmWriteBack,
          Clock clock, CycleReport report, long runId) {
        this.audience = audience;
        this.toolName = toolName;
        this.capabilities = capabilities;
        this.crmWriteBack = crmWriteBack;
        this.clock = clock;
        this.report = report;
        this.runId = runId;
    }

    String name() {
        return audience.name();
    }

    long now() {
        return clock.millis();
    }

    /** Journals an operation in the outbox. */
    void journal(StateTx tx, Op op, String emailKey, String contactKey) {
        tx.outbox().append(runId, name(), op.kind(), emailKey, contactKey, Json.write(op), now());
    }

    /** Replaces a waiting outbox row by {@code replacement}, journaled for the same contact at {@code emailKey}. */
    void rejournal(StateTx tx, OutboxRow waiting, Op replacement, String emailKey) {
        tx.outbox().supersede(waiting.id(), now());
        journal(tx, replacement, emailKey, waiting.contactKey());
    }

    /**
     * The write-back statement for a suppression reason: a complaint uses {@code complaint} where it is
     * configured and counts as an opt-out otherwise.
     */
    String statementFor(String reason) {
        return switch (reason) {
            case "hard_bounce" -> "hardBounce";
            case "complaint" -> statement("complaint") != null ? "complaint" : "unsubscribed";
            default -> "unsubscribed";
        };
    }

    /** Journals a CRM write-back; it counts towards the CRM side of the blast-radius guard. */
    void journalWriteBack(StateTx tx, Op.WriteBack op, String emailKey, String contactKey) {
        journal(tx, op, emailKey, contactKey);
        countWriteBack(contactKey);
    }

    /** Counts a journaled CRM write-back, towards the report and the CRM side of the blast-radius guard. */
    void countWriteBack(String contactKey) {
        if (contactKey != null) {
            writeBackContacts.add(contactKey);
        }
        report.count("crm write-backs");
    }

    /** The statement for a write-back, the audience's override first; null when not configured. */
    String statement(String name) {
        String sql = audience.writeBack() == null ? null : audience.writeBack().get(name);
        return sql != null ? sql : crmWriteBack.get(name);
    }

    void audit(StateTx tx, String contactKey, String emailKey, String kind, Object... detail) {
        tx.audit().append(now(), name(), contactKey, emailKey, kind, Json.object(detail));
    }

    static boolean active(MemberRow member) {
        return member != null && ("subscribed".equals(member.status()) || "pending".equals(member.status()));
    }
}
