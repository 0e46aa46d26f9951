package dev.listbridge.reliability.history;

import dev.listbridge.spi.CrmContact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    /** New addresses recipients gave themselves in the tool's profile form. */
    final Set<String> addressesChangedInTool = new HashSet<>();
    /** The addresses they left that way. */
    final Set<String> addressesLeftInTool = new HashSet<>();
    /** Members (by the tool's contact id, which survives address changes) whose first name a recipient edited. */
    final Set<String> profilesEdited = new HashSet<>();
    /** Every address a CRM edit wrote (for retired addresses and fresh ones). */
    final Set<String> crmSpellings = new HashSet<>();
    final List<String> faults = new ArrayList<>();
    /** The newsletter flag each contact's CRM users last set, by key. */
    final java.util.Map<String, Boolean> consents = new java.util.HashMap<>();
    int cycles;
}
