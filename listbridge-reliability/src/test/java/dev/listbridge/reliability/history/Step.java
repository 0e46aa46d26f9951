package dev.listbridge.reliability.history;

import dev.listbridge.reliability.crm.CrmFaults;

/**
 * One step of a history: the clock moves on by {@code seconds}, then {@code action} happens. Actions name
 * their targets by a number ({@code who}) that picks among the candidates the world has when the step runs
 * (modulo their count), so that a history stays meaningful when shrinking removes earlier steps.
 */
record Step(int seconds, Action action) {

    /** Something that happens: a CRM edit, a recipient's action in the tool, a fault, or a sync cycle. */
    sealed interface Action {
    }

    /** What address a CRM edit writes. */
    enum AddressKind {
        /** An address nobody used yet (sometimes in mixed case, sometimes with an IDN domain). */
        FRESH,
        /** The contact's own address with its case changed: no address change. */
        CASE_ONLY,
        /** The current address of another contact: a shared address. */
        OTHERS,
        /** An address some contact used before. */
        RETIRED,
        /** Something that is no address: reported, never pushed. */
        INVALID
    }

    // ---- CRM edits ----

    record AddContact(boolean consent, int segment, boolean inAudience, AddressKind address, int who) implements Action {
    }

    record ChangeAddress(int who, AddressKind address, int other) implements Action {
    }

    record EditName(int who, String name) implements Action {
    }

    record EditSegment(int who, int segment) implements Action {
    }

    /** Consent on records the time it was given. */
    record SetConsent(int who, boolean on) implements Action {
    }

    record DeleteContact(int who) implements Action {
    }

    /** Leaving or re-entering the audience's filter. */
    record SetInAudience(int who, boolean in) implements Action {
    }

    // ---- what recipients do in the tool ----

    record Unsubscribe(int who) implements Action {
    }

    /** A hard bounce; {@code retired} aims at an address no contact holds now; {@code lateSeconds} backdates it. */
    record HardBounce(int who, boolean retired, int lateSeconds) implements Action {
    }

    record Complain(int who) implements Action {
    }

    /** The tool's signup form: 0 an unknown address, 1 a retired one, 2 a CRM contact's, 3 an opted-out member. */
    record Signup(int kind, int who) implements Action {
    }

    record Confirm(int who) implements Action {
    }

    record EditProfile(int who, String name) implements Action {
    }

    record ChangeAddressInTool(int who) implements Action {
    }

    // ---- faults ----

    /** A sandbox fault rule for the next {@code times} matching requests; see {@link ToolFaults}. */
    record ToolFault(int endpoint, int kind, int times) implements Action {
    }

    /** Batch subscribe refuses one contact's address until the next cycle ends. */
    record RefuseMember(int who) implements Action {
    }

    record CrmFault(CrmFaults.Kind kind, int n) implements Action {
    }

    // ---- a cycle ----

    record Sync() implements Action {
    }

    /** As Java source, for a regression test. */
    String java() {
        String text = action.toString()
                .replaceAll("(\\w+)\\[", "new Step.$1(")
                .replaceAll("\\]$", ")")
                .replaceAll("\\w+=", "")
                .replaceAll("new Step.CrmFault\\((\\w+)", "new Step.CrmFault(CrmFaults.Kind.$1")
                .replaceAll("(FRESH|CASE_ONLY|OTHERS|RETIRED|INVALID)", "Step.AddressKind.$1")
                .replaceAll("new Step.EditName\\((\\d+), ([^)]*)\\)", "new Step.EditName($1, \"$2\")")
                .replaceAll("new Step.EditProfile\\((\\d+), ([^)]*)\\)", "new Step.EditProfile($1, \"$2\")");
        return "new Step(" + seconds + ", " + text + ")";
    }
}
