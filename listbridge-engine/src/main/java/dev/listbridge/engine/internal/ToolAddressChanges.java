package dev.listbridge.engine.internal;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.store.AuditRow;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.StateTx;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Address changes recipients make in the tool, as a polled tool reports them: a member at a new address
 * carrying the CRM key (the audience's {@code keyField}) of a contact the ledger knows. Without this the new
 * address would be a stranger's signup (with {@code inbound: create}, a second CRM contact for the same
 * person: invariant 1) and the member, gone from its old address, would be pushed there again.
 *
 * <p>When the contact holds its address alone and Listbridge manages the member, the member moves to the new
 * address and the change is written back ({@code addressChanged}). Otherwise (a shared address: who changed
 * it?) the change is reported and the new address left alone, never created as a contact.
 *
 * <p>A poll shows only members that changed. An older member of the same contact, retired when the CRM changed
 * the address, still carries the key: re-subscribed and moved in the tool between two polls, it looks exactly like
 * the current member moving, and the current member, unchanged, is not in the poll. Where the tool reads single
 * members (SPI 1.3), the current address is read once before a move: a member still there did not move.
 */
final class ToolAddressChanges {
    /** The audit kind of an address change made in the tool and written back (see {@code PullPhase}). */
    static final String MOVED = "address_changed_in_tool";
    static final String UNATTRIBUTED = "address changes in the tool that cannot be attributed (shared address; reported)";

    private ToolAddressChanges() {
    }

    /**
     * Handles a subscribed member at an address without a member row when it is such a change.
     *
     * @param addressChanged writes the change back, as for an address change event
     * @param stillHeld      whether the tool is known to hold a member at an address (false where it cannot tell)
     * @return whether the event was handled here
     */
    static boolean handled(Cycle cycle, StateTx tx, ToolEvent.Subscribed event,
                           BiConsumer<StateTx, ToolEvent.AddressChanged> addressChanged, Predicate<Address> stillHeld) {
        String keyField = cycle.audience.keyField();
        String contactKey = keyField == null ? null : event.fields().get(keyField);
        if (contactKey == null || contactKey.isBlank()) {
            return false;
        }
        String newKey = event.address().key();
        // An address the ledger knew is no move: it is what Listbridge wrote there before (replayed, or pulled again)
        // or a retired address; a move onto it would write an old address back into the CRM.
        Optional<LinkRow> from = tx.ledger().everKnown(newKey) ? Optional.empty() : tx.ledger().openLinkOf(cycle.name(), contactKey)
                .filter(link -> !link.emailKey().equals(newKey))
                .filter(link -> tx.ledger().openLinksOf(cycle.name(), link.emailKey()).size() == 1)
                .filter(link -> tx.members().find(cycle.name(), link.emailKey()).map(MemberRow::managed).orElse(false))
                .filter(link -> !keyOnAnotherMember(cycle, tx, contactKey, link.emailKey()))
                // last, since it asks the tool: a member still at the current address did not move from it
                .filter(link -> !stillHeld.test(Address.parse(link.email())));
        if (from.isPresent()) {
            addressChanged.accept(tx, move(cycle, tx, from.get(), event));
            return true;
        }
        boolean knownPerson = tx.ledger().linksOfContact(contactKey).stream().anyMatch(link -> link.audience().equals(cycle.name()));
        if (!knownPerson || tx.ledger().everKnown(newKey)) {
            return false;
        }
        cycle.report.item(UNATTRIBUTED, contactKey + ": -> " + event.address().original());
        cycle.audit(tx, contactKey, newKey, "address_changed_in_tool_unattributed", "to", event.address().original());
        long at = event.occurredAt().toEpochMilli();
        String status = event.status().name().toLowerCase(Locale.ROOT);
        tx.members().save(new MemberRow(cycle.name(), newKey, event.address().ascii(), event.memberId(), status, "tool", at,
                "foreign", false, "pending".equals(status) ? at : null, Set.of()));
        return true;
    }

    /**
     * Whether an active member Listbridge manages at another address the contact held (a shared address it left,
     * whose remaining holder's fields were not pushed since) or its member was moved to in the tool (while the CRM
     * changed the address too) may still carry the contact's key: then which member moved is ambiguous, and it is
     * reported rather than guessed (DESIGN.md 6.5).
     */
    private static boolean keyOnAnotherMember(Cycle cycle, StateTx tx, String contactKey, String current) {
        Set<String> held = new TreeSet<>();
        tx.ledger().linksOfContact(contactKey).stream()
                .filter(link -> link.audience().equals(cycle.name()))
                .forEach(link -> held.add(link.emailKey()));
        held.addAll(movedInTool(cycle, tx, contactKey));
        held.remove(current);
        return held.stream().anyMatch(key -> tx.members().find(cycle.name(), key)
                .filter(member -> member.managed() && Cycle.active(member)).isPresent());
    }

    /**
     * The addresses the contact's member was moved to in the tool (from the audit). Where the CRM changed the address
     * meanwhile, the ledger never links the moved member's address, but that member still carries the contact's key.
     */
    private static Set<String> movedInTool(Cycle cycle, StateTx tx, String contactKey) {
        Set<String> keys = new TreeSet<>();
        for (AuditRow row : tx.audit().timeline(contactKey, List.of())) {
            if (row.kind().equals(MOVED) && cycle.name().equals(row.audience())) {
                Object to = Json.read(row.detail(), Map.class).get("to");
                try {
                    keys.add(Address.parse(String.valueOf(to)).key());
                } catch (InvalidAddressException unreadable) {
                    // an address the tool accepted is valid; nothing to look at otherwise
                }
            }
        }
        return keys;
    }

    /**
     * The managed tags the member carried in the tool when it moved: a member row records its tags as planned, so
     * tag changes still waiting for the old address (which the move supersedes) are taken back. The moved member
     * then differs from the contact's tags where the tool lacks them, and they are planned again once Listbridge
     * may write its address (seed 397542935); a change that may have been made after all is made once more.
     */
    private static Set<String> tagsInTool(Cycle cycle, StateTx tx, MemberRow member) {
        Set<String> tags = new TreeSet<>(member.tags());
        for (OutboxRow row : tx.outbox().unfinished(cycle.name(), "tag", member.emailKey()).reversed()) {
            Op.Tag waiting = Json.read(row.payload(), Op.Tag.class);
            if (waiting.add()) {
                tags.remove(waiting.tag());
            } else {
                tags.add(waiting.tag());
            }
        }
        return tags;
    }

    /** Moves the member row to its new address (the tool kept the member, with its history and tags). */
    private static ToolEvent.AddressChanged move(Cycle cycle, StateTx tx, LinkRow from, ToolEvent.Subscribed event) {
        MemberRow old = tx.members().find(cycle.name(), from.emailKey()).orElseThrow();
        String status = event.status().name().toLowerCase(Locale.ROOT);
        long at = event.occurredAt().toEpochMilli();
        tx.members().delete(cycle.name(), from.emailKey());
        Set<String> tags = tagsInTool(cycle, tx, old);
        // nothing waiting may write the old address any more: it would create a member there again (I5)
        for (String kind : List.of("upsert", "unsubscribe", "archive", "tag")) {
            tx.outbox().supersede(cycle.name(), kind, from.emailKey(), cycle.now());
        }
        tx.members().save(new MemberRow(cycle.name(), event.address().key(), event.address().ascii(), event.memberId(),
                status, "tool", at, old.ownership(), false, "pending".equals(status) ? at : null, tags));
        return new ToolEvent.AddressChanged(event.eventId(), event.memberId(), Address.parse(from.email()),
                event.occurredAt(), event.address());
    }
}
