package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.store.StateStore;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Full cycles diff against the in-memory snapshot index; incremental cycles ({@link SyncEngine#syncChanged})
 * read only the keys they are given. On in-memory CRM and tool fakes and a real SQLite state store.
 */
class DiffIndexTest extends FakeEngineFixture {

    SyncEngine engine(String... audienceLines) {
        return engineFrom(withAudienceLines(fakeConfig() + """
                    fields: {FNAME: first_name}
                    tags: [segment]
                    keyField: CRMKEY
                """, audienceLines));
    }

    void customers(int count) {
        for (int i = 1; i <= count; i++) {
            crm.put(String.valueOf(i), "c" + i + "@example.com", true, null, "B2C");
        }
    }

    String runKind(CycleReport report) {
        return store.inTransaction(tx -> tx.runs().kind(report.runId())).orElseThrow();
    }

    @Test
    void unchanged_contacts_cost_no_write_and_a_changed_one_is_pushed() {
        SyncEngine engine = engine();
        customers(50);
        engine.sync(false);
        int writes = tool.writes;

        CycleReport steady = engine.sync(false);
        crm.contacts.put("7", new CrmContact("7", "c7@example.com", true, null, Map.of("first_name", "Seven", "segment", "B2C")));
        CycleReport changed = engine.sync(false);

        assertThat(steady.get(CycleReport.CONTACTS_READ)).isEqualTo(50);
        assertThat(steady.counts().keySet()).containsExactly(CycleReport.CONTACTS_READ);
        assertThat(changed.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        assertThat(tool.writes).isEqualTo(writes + 1);
        assertThat(tool.members.get("c7@example.com").fields()).containsEntry("FNAME", "Seven");
        assertThat(runKind(steady)).isEqualTo("sync");
    }

    /** An engine that synced this many customers once. */
    SyncEngine syncedWith(int count) {
        SyncEngine engine = engine();
        customers(count);
        engine.sync(false);
        return engine;
    }

    void firstName(String key, String name) {
        crm.contacts.put(key, new CrmContact(key, "c" + key + "@example.com", true, null, Map.of("first_name", name, "segment", "B2C")));
    }

    @Test
    void the_index_kept_for_the_next_cycle_holds_the_row_sums_the_last_one_saved() {
        SyncEngine engine = syncedWith(30);
        firstName("7", "Seven");
        CycleReport changed = engine.sync(false);
        crm.put("7", "c7@example.com", true, null, "B2C"); // back to the row of the first cycle

        CycleReport changedBack = engine.sync(false);
        CycleReport steady = engine.sync(false);

        assertThat(changed.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        // an index still holding the first cycle's row sum would take the row for unchanged
        assertThat(changedBack.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        assertThat(tool.members.get("c7@example.com").fields()).doesNotContainEntry("FNAME", "Seven");
        assertThat(steady.counts().keySet()).containsExactly(CycleReport.CONTACTS_READ);
    }

    @Test
    void a_full_cycle_after_an_incremental_one_compares_with_what_the_incremental_one_saved() {
        SyncEngine engine = syncedWith(30);
        engine.sync(false); // keeps its index for the next full cycle
        firstName("7", "Seven");
        CycleReport incremental = engine.syncChanged(Set.of("7"), false);
        crm.put("7", "c7@example.com", true, null, "B2C");

        CycleReport full = engine.sync(false);

        assertThat(incremental.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        // the incremental cycle replaced the snapshots' generation: the full one loads the index again
        assertThat(full.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        assertThat(tool.members.get("c7@example.com").fields()).doesNotContainEntry("FNAME", "Seven");
    }

    @Test
    void contacts_that_come_and_go_are_followed_by_the_cycles_after_them() {
        SyncEngine engine = syncedWith(30);
        crm.put("31", "c31@example.com", true, null, "B2C");
        crm.contacts.remove("4");
        CycleReport cameAndWent = engine.sync(false);
        firstName("31", "Thirty-one");
        crm.put("4", "c4@example.com", true, null, "B2C");

        CycleReport next = engine.sync(false);
        CycleReport steady = engine.sync(false);

        assertThat(cameAndWent.get(CycleReport.NEW_MEMBERS)).isEqualTo(1);
        assertThat(cameAndWent.get("contacts that left the selection")).isEqualTo(1);
        assertThat(next.get(CycleReport.MEMBERS_UPDATED)).isEqualTo(1);
        assertThat(tool.members.get("c31@example.com").fields()).containsEntry("FNAME", "Thirty-one");
        // the snapshot of the contact that left is gone: back, it is planned again (re-added, asked to confirm as
        // the tool refuses to subscribe an unsubscribed address), not taken for unchanged
        assertThat(tool.members.get("c4@example.com").status()).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(steady.counts().keySet()).containsExactly(CycleReport.CONTACTS_READ);
    }

    @Test
    void an_in_memory_state_store_loads_the_index_from_its_one_connection_beside_the_pull() {
        // the index is loaded on its own thread while the pull holds the store's only connection
        store = StateStore.open("jdbc:sqlite::memory:");
        SyncEngine engine = engine();
        customers(50);
        engine.sync(false);

        CycleReport steady = engine.sync(false);

        assertThat(steady.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(steady.get(CycleReport.CONTACTS_READ)).isEqualTo(50);
        assertThat(steady.counts().keySet()).containsExactly(CycleReport.CONTACTS_READ);
    }

    @Test
    void a_key_read_twice_is_a_duplicate_even_when_one_of_its_rows_is_unchanged() {
        SyncEngine engine = engine();
        customers(20);
        engine.sync(false);
        // the unchanged row comes first (fast way), the changed one second (database way), and the other way round
        crm.extraRows.add(new CrmContact("5", "other@example.com", true, null, Map.of("first_name", "F5", "segment", "B2C")));
        crm.extraRows.add(new CrmContact("9", "c9@example.com", true, null, Map.of("first_name", "F9", "segment", "B2C")));
        crm.contacts.put("9", new CrmContact("9", "nine@example.com", true, null, Map.of("first_name", "F9", "segment", "B2C")));

        CycleReport report = engine.sync(false);

        assertThat(report.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(report.messages()).singleElement().satisfies(m -> assertThat(m).contains("5", "9"));
        assertThat(tool.status("other@example.com")).isEqualTo(SubscriptionStatus.NONE);
        assertThat(tool.status("nine@example.com")).isEqualTo(SubscriptionStatus.NONE);
    }

    @Test
    void a_duplicate_is_found_when_its_changed_row_was_planned_pages_before_its_unchanged_twin_is_read() {
        SyncEngine engine = syncedWith(1_600);
        int writes = tool.writes;
        CrmContact unchanged = crm.contacts.get("5");
        for (int i = 1; i <= 1_500; i++) {
            firstName(String.valueOf(i), "Changed " + i); // three pages of changed contacts, each planned when full
        }
        crm.extraRows.add(unchanged); // read after the page with its changed twin was planned

        CycleReport report = engine.sync(false);

        assertThat(report.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(report.messages()).singleElement().satisfies(m -> assertThat(m).contains("duplicate CRM keys", "5"));
        assertThat(tool.writes).isEqualTo(writes);
    }

    @Test
    void a_key_read_twice_unchanged_is_a_duplicate() {
        SyncEngine engine = engine();
        customers(3);
        engine.sync(false);
        crm.extraRows.add(crm.contacts.get("2"));

        CycleReport report = engine.sync(false);

        assertThat(report.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(report.messages()).singleElement().satisfies(m -> assertThat(m).contains("duplicate CRM keys in the contacts query: 2;"));
    }

    @Test
    void leavers_are_found_among_many_unchanged_contacts_and_nothing_else_is_touched() {
        SyncEngine engine = engine();
        customers(200);
        engine.sync(false);
        crm.contacts.remove("17");
        crm.contacts.remove("150");

        CycleReport report = engine.sync(false);

        assertThat(report.get("contacts that left the selection")).isEqualTo(2);
        assertThat(tool.status("c17@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.status("c150@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.members.values()).filteredOn(m -> m.status() == SubscriptionStatus.SUBSCRIBED).hasSize(198);
        assertThat(engine.sync(false).get("contacts that left the selection")).isZero();
    }

    @Test
    void a_contact_whose_address_turned_invalid_is_reported_every_cycle_and_does_not_leave() {
        SyncEngine engine = engine();
        customers(3);
        engine.sync(false);
        crm.put("2", "not an address", true, null, "B2C");

        CycleReport first = engine.sync(false);
        CycleReport second = engine.sync(false);

        assertThat(first.get(CycleReport.INVALID_ADDRESSES)).isEqualTo(1);
        assertThat(second.get(CycleReport.INVALID_ADDRESSES)).isEqualTo(1);
        assertThat(second.get("contacts that left the selection")).isZero();
        assertThat(tool.status("c2@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void a_plan_after_a_sync_reports_only_what_changed() {
        SyncEngine engine = engine();
        customers(10);
        engine.sync(false);
        crm.put("11", "new@example.com", true, null, "B2C");
        crm.contacts.remove("3");

        CycleReport plan = engine.plan();

        assertThat(plan.get(CycleReport.NEW_MEMBERS)).isEqualTo(1);
        assertThat(plan.get("contacts that left the selection")).isEqualTo(1);
        assertThat(tool.status("new@example.com")).isEqualTo(SubscriptionStatus.NONE);
        assertThat(engine.plan().get(CycleReport.NEW_MEMBERS)).as("a plan changes no snapshot").isEqualTo(1);
    }

    @Test
    void an_incremental_cycle_reads_only_the_given_keys_and_touches_no_other_contact() {
        SyncEngine engine = engine();
        customers(10);
        engine.sync(false);
        crm.put("3", "three@example.com", true, null, "B2C");   // changed, and given
        crm.put("4", "four@example.com", true, null, "B2C");    // changed, not given
        crm.contacts.remove("5");                                // deleted, not given
        crm.put("11", "eleven@example.com", true, null, "B2C"); // new, given

        CycleReport report = engine.syncChanged(Set.of("3", "11", "999"), false);

        assertThat(crm.lastKeys).containsExactlyInAnyOrder("3", "11", "999");
        assertThat(report.get(CycleReport.CONTACTS_READ)).isEqualTo(2);
        assertThat(report.get("address changes")).isEqualTo(1);
        assertThat(report.get(CycleReport.NEW_MEMBERS)).isEqualTo(1);
        assertThat(report.get("contacts that left the selection")).isZero();
        assertThat(tool.status("three@example.com")).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(tool.status("eleven@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(tool.status("four@example.com")).isEqualTo(SubscriptionStatus.NONE);
        assertThat(tool.status("c5@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(runKind(report)).isEqualTo("incremental");

        CycleReport full = engine.sync(false);
        assertThat(full.get("address changes")).as("the full cycle finds what the incremental one was not given").isEqualTo(1);
        assertThat(full.get("contacts that left the selection")).isEqualTo(1);
        assertThat(full.get(CycleReport.NEW_MEMBERS)).isZero();
    }

    @Test
    void an_incremental_cycle_lets_given_keys_that_were_not_read_leave_the_selection() {
        SyncEngine engine = engine();
        customers(5);
        engine.sync(false);
        crm.contacts.remove("2");
        crm.contacts.remove("4");

        CycleReport report = engine.syncChanged(Set.of("2", "3"), false);

        assertThat(report.get("contacts that left the selection")).isEqualTo(1);
        assertThat(report.samples().get("contacts that left the selection")).containsExactly("2 <c2@example.com>");
        assertThat(tool.status("c2@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.status("c4@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(engine.syncChanged(Set.of("2"), false).get("contacts that left the selection")).as("once").isZero();
    }

    @Test
    void an_incremental_cycle_pulls_events_and_writes_them_back_first() {
        SyncEngine engine = engine();
        customers(3);
        engine.sync(false);
        tool.recipientUnsubscribes("c1@example.com");

        CycleReport report = engine.syncChanged(Set.of(), false);

        assertThat(report.get("opt-outs")).isEqualTo(1);
        assertThat(crm.writeBacks).singleElement().satisfies(w -> assertThat(w.key()).isEqualTo("1"));
        assertThat(report.get(CycleReport.CONTACTS_READ)).isZero();
    }

    @Test
    void an_incremental_cycle_holds_when_the_given_keys_would_unsubscribe_too_many() {
        SyncEngine engine = engine("blastRadius: 1");
        customers(5);
        engine.sync(false);
        crm.contacts.remove("1");
        crm.contacts.remove("2");

        CycleReport held = engine.syncChanged(Set.of("1", "2"), false);

        assertThat(held.outcome()).isEqualTo(CycleOutcome.HELD);
        assertThat(tool.status("c1@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(engine.syncChanged(Set.of("1", "2"), true).get("contacts that left the selection")).isEqualTo(2);
    }
}
