package dev.listbridge.reliability.history;

import dev.listbridge.spi.CrmContact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened outside Listbridge during a history, for the invariant checks: recipients' opt-outs and
 * re-subscriptions (with the time the tool gives them), the contacts the engine read in each committed
 * cycle, addresses changed in the tool, profile edits, and the faults injected.
 */
final class Journal {
    /** A recipient's opt-out, hard bounce or complaint, at the time the tool records for it. */
    record Suppressed(String key, Instant at, String kind) {
    }

    /** What the engine read from the CRM in one committed cycle. */
    record Read(Instant at, List<CrmContact> contacts) {
    }

    final List<Suppressed> suppressed = new ArrayList<>();
    /** Recipients who subscribed again themselves (the confirmation link). */
    final List<Suppressed> resubscribed = new ArrayList<>();
    final List<Read> reads = new ArrayList<>();
    /**
     * Addresses the engine sent to double opt-in because the tool kept an opt-out older than the CRM's consent, read
     * from the outbox after every cycle: the daily pruning forgets those writes once they are done and old.
     */
    final Set<String> confirmInstead = new HashSet<>();
    /** New addresses recipients gave themselves in the tool's profile form. */
    final Set<String> addressesChangedInTool = new HashSet<>();
    /** The addresses they left that way. */
    final Set<String> addressesLeftInTool = new HashSet<>();
    /** The addresses members were moved to from an address a member had already left in the tool (known limit). */
    final Set<String> movedAfterUnseenMove = new HashSet<>();
    /** The tags each member carried in the tool when its recipient moved it, by its new address's key. */
    final Map<String, Set<String>> tagsMovedInTool = new HashMap<>();
    /** Members (by the tool's contact id, which survives address changes) whose first name a recipient edited. */
    final Set<String> profilesEdited = new HashSet<>();
    /** Every address a CRM edit wrote (for retired addresses and fresh ones). */
    final Set<String> crmSpellings = new HashSet<>();
    final List<String> faults = new ArrayList<>();
    /**
     * Opt-outs the recipient's next action replaced in the tool before any cycle's pull could see them (a signup
     * over an unsubscribe, a bounce over it): a polled tool shows only the newest status (docs/RELIABILITY.md).
     */
    final Set<Suppressed> overwritten = new HashSet<>();
    /** Opt-outs made since the last pull Listbridge committed (whatever time the tool gives them). */
    final List<Suppressed> sincePull = new ArrayList<>();
    /** The newsletter flag each contact's CRM users last set, by key. */
    final java.util.Map<String, Boolean> consents = new java.util.HashMap<>();
    int cycles;

    /** A recipient's opt-out, hard bounce or complaint. */
    void optedOut(Suppressed s) {
        suppressed.add(s);
        sincePull.add(s);
    }

    /** The recipient of this address acted again: opt-outs no pull saw yet are gone from the tool's member list. */
    void overwrite(String key) {
        for (Suppressed s : sincePull) {
            if (s.key().equals(key) && !"complaint".equals(s.kind())) {
                overwritten.add(s); // (complaints stay visible: abuse reports are read apart from member states)
            }
        }
    }
}
