package dev.listbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every state store database must do; subclasses open the store on SQLite and on PostgreSQL. */
abstract class StateStoreContract {

    abstract StateStore store();

    @Test
    void a_transaction_that_throws_leaves_nothing_behind() {
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.cursors().set("a", "events", "2026-01-01T00:00:00Z");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        var value1 = store().inTransaction(tx -> tx.cursors().get("a", "events"));
        assertThat(value1).isEmpty();
    }

    @Test
    void a_rollback_only_transaction_leaves_nothing_behind() {
        store().inTransaction(tx -> {
            tx.setRollbackOnly();
            tx.cursors().set("plan", "events", "x");
            return null;
        });
        var value2 = store().inTransaction(tx -> tx.cursors().get("plan", "events"));
        assertThat(value2).isEmpty();
    }

    @Test
    void the_ledger_keeps_validity_periods_and_answers_which_address_was_used_when() {
        long[] ids = store().inTransaction(tx -> {
            long first = tx.ledger().open("n", "17", "info@acme.example", "info@acme.example", 1_000, "new", null);
            tx.ledger().close(first, 5_000, "address changed");
            long second = tx.ledger().open("n", "17", "jane@acme.example", "jane@acme.example", 5_000, "address changed", null);
            return new long[] {first, second};
        });
        List<LinkRow> history = store().inTransaction(tx -> tx.ledger().linksOfContact("17"));
        assertThat(history).extracting(LinkRow::email).containsExactly("info@acme.example", "jane@acme.example");
        assertThat(history.get(0).validTo()).isEqualTo(5_000L);
        assertThat(history.get(1).open()).isTrue();
        var value3 = store().inTransaction(tx -> tx.ledger().openLinkOf("n", "17"));
        assertThat(value3.orElseThrow().id()).isEqualTo(ids[1]);
        var value4 = store().inTransaction(tx -> tx.ledger().everKnown("info@acme.example"));
        assertThat(value4).isTrue();
    }

    @Test
    void members_round_trip_with_tags_and_nullable_times() {
        MemberRow row = new MemberRow("n", "a@example.com", "A@example.com", "abc", "pending", "listbridge", 10, "created",
                false, 10L, Set.of("B2C", "VIP"));
        store().inTransaction(tx -> {
            tx.members().save(row);
            tx.members().save(row.withStatus("subscribed", "tool", 20));
            return null;
        });
        MemberRow read = store().inTransaction(tx -> tx.members().find("n", "a@example.com")).orElseThrow();
        assertThat(read.status()).isEqualTo("subscribed");
        assertThat(read.pendingSince()).isNull();
        assertThat(read.tags()).containsExactlyInAnyOrder("B2C", "VIP");
    }

    @Test
    void suppressions_in_force_include_everywhere_ones_and_can_be_lifted_per_audience() {
        store().inTransaction(tx -> {
            tx.suppressions().add("n", "a@example.com", "unsubscribed", "mailchimp:event", 100, 100);
            tx.suppressions().add("*", "b@example.com", "hard_bounce", "mailchimp:event", 100, 100);
            return null;
        });
        var value5 = store().inTransaction(tx -> tx.suppressions().inForce("other", "a@example.com"));
        assertThat(value5).isEmpty();
        var value6 = store().inTransaction(tx -> tx.suppressions().inForce("other", "b@example.com"));
        assertThat(value6).isPresent();
        store().inTransaction(tx -> {
            tx.suppressions().lift("n", "a@example.com", 200, "re-subscribed");
            return null;
        });
        var value7 = store().inTransaction(tx -> tx.suppressions().inForce("n", "a@example.com"));
        assertThat(value7).isEmpty();
    }

    @Test
    void the_outbox_keeps_dead_letters_and_requeues_them_a_bounded_number_of_times() {
        long id = store().inTransaction(tx -> tx.outbox().add(1, "n", "upsert", "a@example.com", "1", "{}", 10));
        store().inTransaction(tx -> {
            tx.outbox().dead(id, "Invalid Resource", 20);
            return null;
        });
        var value8 = store().inTransaction(tx -> tx.outbox().dead("n"));
        assertThat(value8).singleElement()
                .satisfies(row -> assertThat(row.lastError()).isEqualTo("Invalid Resource"));
        var value9 = store().inTransaction(tx -> tx.outbox().requeueDead("n", 5, 30));
        assertThat(value9).isEqualTo(1);
        var value10 = store().inTransaction(tx -> tx.outbox().pending("n", "upsert"));
        assertThat(value10).hasSize(1);
        var value11 = store().inTransaction(tx -> tx.outbox().requeueDead("n", 1, 30));
        assertThat(value11).isZero();
    }

    @Test
    void an_unsubscribe_may_have_been_carried_out_until_the_latest_end_its_attempts_left_open() {
        Duration callMayRun = Duration.ofMillis(120);
        long id = store().inTransaction(tx -> tx.outbox().add(1, "n", "unsubscribe", "a@example.com", "1", "{}", 10));
        OptionalLong none = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "a@example.com", callMayRun));
        assertThat(none).isEmpty();

        store().inTransaction(tx -> {
            tx.outbox().inFlight(List.of(id), 20);
            return null;
        });
        OptionalLong inFlight = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "a@example.com", callMayRun));
        assertThat(inFlight).hasValue(140); // sent at 20, and the process may have died during the call

        store().inTransaction(tx -> {
            tx.outbox().attemptsEnded(List.of(id), null); // e.g. answered 429: not carried out
            return null;
        });
        OptionalLong notCarriedOut = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "a@example.com", callMayRun));
        assertThat(notCarriedOut).isEmpty();

        store().inTransaction(tx -> {
            tx.outbox().attemptsEnded(List.of(id), 300L); // e.g. a timeout: the tool may run it on
            tx.outbox().attemptsEnded(List.of(id), 250L); // a later call answered, which does not end the earlier one
            return null;
        });
        OptionalLong until = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "a@example.com", callMayRun));
        assertThat(until).hasValue(300);
        OptionalLong otherAddress = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "b@example.com", callMayRun));
        assertThat(otherAddress).isEmpty();
    }

    @Test
    void finished_writes_that_ended_before_the_cutoff_are_forgotten_oldest_first_and_open_ones_never() {
        long cutoff = 100;
        Map<String, Long> ids = store().inTransaction(tx -> {
            Map<String, Long> rows = new java.util.LinkedHashMap<>();
            rows.put("done", tx.outbox().add(1, "n", "upsert", "a@example.com", "1", "{}", 10));
            rows.put("superseded", tx.outbox().add(1, "n", "upsert", "b@example.com", "2", "{}", 11));
            rows.put("pending", tx.outbox().add(1, "n", "upsert", "c@example.com", "3", "{}", 12));
            rows.put("dead", tx.outbox().add(1, "n", "upsert", "d@example.com", "4", "{}", 13));
            rows.put("parked", tx.outbox().add(1, "n", "upsert", "e@example.com", "5", "{}", 14));
            rows.put("unsubscribe that may have applied after", tx.outbox().add(1, "n", "unsubscribe", "f@example.com", "6",
                    "{}", 15));
            rows.put("another audience's", tx.outbox().add(1, "m", "upsert", "g@example.com", "7", "{}", 16));
            rows.put("done after", tx.outbox().add(1, "n", "upsert", "h@example.com", "8", "{}", 17));
            rows.put("done, unsubscribe", tx.outbox().add(1, "n", "unsubscribe", "i@example.com", "9", "{}", 18));
            rows.put("created after", tx.outbox().add(2, "n", "upsert", "j@example.com", "10", "{}", cutoff));
            tx.outbox().done(rows.get("done"), 20);
            tx.outbox().supersede(rows.get("superseded"), 30);
            tx.outbox().dead(rows.get("dead"), "Invalid Resource", 20);
            tx.outbox().park("n", "upsert", "e@example.com", 20);
            tx.outbox().attemptsEnded(List.of(rows.get("unsubscribe that may have applied after")), 300L);
            tx.outbox().done(rows.get("unsubscribe that may have applied after"), 40);
            tx.outbox().done(rows.get("another audience's"), 20);
            tx.outbox().done(rows.get("done after"), 150);
            tx.outbox().attemptsEnded(List.of(rows.get("done, unsubscribe")), 50L);
            tx.outbox().done(rows.get("done, unsubscribe"), 50);
            tx.outbox().done(rows.get("created after"), 110);
            return rows;
        });

        List<Outbox.Forgotten> pages = new java.util.ArrayList<>();
        long afterId = 0;
        do {
            long from = afterId;
            pages.add(store().inTransaction(tx -> tx.outbox().forgetFinished("n", from, cutoff, 4)));
            afterId = pages.getLast().lastId();
        } while (!pages.getLast().ended());

        assertThat(pages).extracting(Outbox.Forgotten::deleted).containsExactly(2, 0, 1);
        assertThat(pages.getLast().lastId()).isEqualTo(ids.get("done, unsubscribe"));
        Set<Long> left = new java.util.HashSet<>(store().inTransaction(tx -> tx.jdbc().list("SELECT id FROM outbox",
                rs -> rs.getLong(1))));
        assertThat(ids).hasSize(10);
        assertThat(left).containsExactlyInAnyOrder(ids.get("pending"), ids.get("dead"), ids.get("parked"),
                ids.get("unsubscribe that may have applied after"), ids.get("another audience's"), ids.get("done after"),
                ids.get("created after"));
        OptionalLong mayHaveApplied = store().inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "f@example.com",
                Duration.ZERO));
        assertThat(mayHaveApplied).hasValue(300);
    }

    @Test
    void applied_event_ids_recorded_before_the_cutoff_are_forgotten_a_page_at_a_time() {
        store().inTransaction(tx -> {
            tx.processedEvents().addAll("n", List.of("e1", "e2", "e3"), 1);
            tx.processedEvents().addAll("n", List.of("e4", "e5"), 2);
            tx.processedEvents().addAll("n", List.of("e6"), 5);
            tx.processedEvents().addAll("m", List.of("e1"), 1);
            return null;
        });
        List<Integer> deleted = new java.util.ArrayList<>();
        for (int n; (n = store().inTransaction(tx -> tx.processedEvents().forgetBefore("n", 5, 2))) > 0; ) {
            deleted.add(n);
        }
        assertThat(deleted).containsExactly(3, 2); // the ids of one time go together
        var left = store().inTransaction(tx -> List.of(tx.processedEvents().seenAmong("n", List.of("e1", "e2", "e3", "e4",
                "e5", "e6")), tx.processedEvents().seenAmong("m", List.of("e1"))));
        assertThat(left).containsExactly(Set.of("e6"), Set.of("e1"));
    }

    @Test
    void run_records_that_finished_before_the_cutoff_are_forgotten() {
        long[] runs = store().inTransaction(tx -> {
            long old = tx.runs().start("n", "sync", 10);
            tx.runs().finish(old, 20, "done", "{}");
            long running = tx.runs().start("n", "sync", 30);
            long recent = tx.runs().start("n", "sync", 90);
            tx.runs().finish(recent, 120, "done", "{}");
            long otherAudience = tx.runs().start("m", "sync", 10);
            tx.runs().finish(otherAudience, 20, "done", "{}");
            return new long[] {old, running, recent, otherAudience};
        });
        int forgotten = store().inTransaction(tx -> tx.runs().forgetFinishedBefore("n", 100));
        assertThat(forgotten).isEqualTo(1);
        var left = store().inTransaction(tx -> tx.runs().recent(null, 10));
        assertThat(left).extracting(RunRow::id).containsExactlyInAnyOrder(runs[1], runs[2], runs[3]);
    }

    @Test
    void parked_writes_are_neither_pending_nor_dead_until_taken_up_and_a_newer_plan_supersedes_them() {
        long pending = store().inTransaction(tx -> tx.outbox().add(1, "n", "upsert", "a@example.com", "1", "{\"n\":1}", 10));
        long dead = store().inTransaction(tx -> tx.outbox().add(1, "n", "upsert", "b@example.com", "2", "{}", 10));
        store().inTransaction(tx -> {
            tx.outbox().dead(dead, "Member In Compliance State", 20);
            assertThat(tx.outbox().park("n", "upsert", "a@example.com", 30)).isEqualTo(1);
            assertThat(tx.outbox().park("n", "upsert", "b@example.com", 30)).isEqualTo(1);
            return null;
        });
        long stillPending = store().inTransaction(tx -> tx.outbox().countPending("n"));
        assertThat(stillPending).isZero();
        List<OutboxRow> deadLetters = store().inTransaction(tx -> tx.outbox().dead("n"));
        assertThat(deadLetters).isEmpty();
        List<OutboxRow> unfinished = store().inTransaction(tx -> tx.outbox().unfinished("n", "upsert", "a@example.com"));
        assertThat(unfinished).isEmpty();
        List<OutboxRow> parked = store().inTransaction(tx -> tx.outbox().parked("n", "upsert", "a@example.com"));
        assertThat(parked).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(pending);
            assertThat(row.state()).isEqualTo(OutboxRow.PARKED);
            assertThat(row.payload()).isEqualTo("{\"n\":1}");
        });
        int superseded = store().inTransaction(tx -> tx.outbox().supersede("n", "upsert", "b@example.com", 40));
        assertThat(superseded).isEqualTo(1);
        List<OutboxRow> parkedAfter = store().inTransaction(tx -> tx.outbox().parked("n", "upsert", "b@example.com"));
        assertThat(parkedAfter).isEmpty();
    }

    @Test
    void seen_keys_report_duplicates_and_answer_whether_a_key_was_seen() {
        List<String> duplicates = store().inTransaction(tx -> tx.seenKeys().add(9, List.of("1", "3", "1")));
        assertThat(duplicates).containsExactly("1");
        var seen = store().inTransaction(tx -> List.of(tx.seenKeys().contains(9, "3"), tx.seenKeys().contains(9, "2"),
                tx.seenKeys().contains(8, "3")));
        assertThat(seen).containsExactly(true, false, false);
    }

    @Test
    void the_snapshot_index_holds_key_hashes_and_row_sums_sorted_and_finds_snapshots_by_key_hash() {
        store().inTransaction(tx -> {
            for (int key = 1; key <= 50; key++) {
                tx.snapshots().save(new SnapshotRow("n", String.valueOf(key), 1000L + key, key + "@example.com",
                        key + "@example.com", true, null, "{}", 1));
            }
            tx.snapshots().save(new SnapshotRow("n", "legacy", null, "l@example.com", "l@example.com", false, 5L, "{}", 1));
            tx.snapshots().save(new SnapshotRow("other", "1", 7L, "o@example.com", "o@example.com", true, null, "{}", 1));
            return null;
        });
        SnapshotIndex index = store().inTransaction(tx -> tx.snapshots().index("n"));

        assertThat(index.size()).isEqualTo(51);
        for (int position = 1; position < index.size(); position++) {
            assertThat(index.keyHash(position)).isGreaterThan(index.keyHash(position - 1));
        }
        int seven = index.find(Hash64.of("7"));
        assertThat(index.rowSum(seven)).isEqualTo(1007L);
        assertThat(index.rowSum(index.find(Hash64.of("legacy")))).isEqualTo(SnapshotIndex.UNKNOWN_ROW_SUM);
        assertThat(index.find(Hash64.of("51"))).isEqualTo(-1);
        var found = store().inTransaction(tx -> tx.snapshots().withKeyHash("n", Hash64.of("7")));
        assertThat(found).singleElement().satisfies(row -> {
            assertThat(row.contactKey()).isEqualTo("7");
            assertThat(row.rowSum()).isEqualTo(1007L);
        });
    }

    @Test
    void every_transaction_that_writes_an_audience_s_snapshots_replaces_their_generation_once() {
        SnapshotRow row = new SnapshotRow("n", "1", 11L, "a@example.com", "a@example.com", true, null, "{}", 1);
        String initial = store().inTransaction(tx -> tx.snapshots().generation("n"));
        Snapshots.GenerationChange first = store().inTransaction(tx -> {
            tx.snapshots().save(row);
            tx.snapshots().saveAll(List.of(row));
            return tx.snapshots().generationChange("n").orElseThrow();
        });
        var untouched = store().inTransaction(tx -> {
            tx.snapshots().find("n", "1");
            tx.snapshots().save(new SnapshotRow("other", "1", 7L, "o@example.com", "o@example.com", true, null, "{}", 1));
            return List.of(tx.snapshots().generationChange("n"), tx.snapshots().generation("n"));
        });
        String rolledBack = store().inTransaction(tx -> {
            tx.snapshots().delete("n", "1");
            tx.setRollbackOnly();
            return tx.snapshots().generation("n");
        });
        Snapshots.GenerationChange deleted = store().inTransaction(tx -> {
            tx.snapshots().delete("n", "1");
            return tx.snapshots().generationChange("n").orElseThrow();
        });

        assertThat(initial).isEmpty();
        assertThat(first.before()).isEqualTo(initial);
        assertThat(first.after()).isNotEmpty();
        assertThat(untouched).containsExactly(Optional.empty(), first.after()); // reading, or another audience's
        assertThat(rolledBack).isNotEqualTo(first.after());
        assertThat(deleted.before()).as("the rolled-back replacement is gone").isEqualTo(first.after());
        assertThat(deleted.after()).isNotIn(initial, first.after(), rolledBack);
    }

    @Test
    void processed_events_are_remembered_once() {
        store().inTransaction(tx -> {
            tx.processedEvents().add("n", "member:x:1:unsubscribed", 1);
            tx.processedEvents().add("n", "member:x:1:unsubscribed", 2);
            return null;
        });
        var value13 = store().inTransaction(tx -> tx.processedEvents().seen("n", "member:x:1:unsubscribed"));
        assertThat(value13).isTrue();
        var added = store().inTransaction(tx -> List.of(tx.processedEvents().addIfNew("n", "member:x:1:unsubscribed", 3),
                tx.processedEvents().addIfNew("n", "member:y:1:unsubscribed", 3)));
        assertThat(added).containsExactly(false, true);
    }

    @Test
    void a_page_of_events_is_looked_up_and_recorded_in_batches() {
        store().inTransaction(tx -> {
            tx.processedEvents().add("n", "member:x:1:unsubscribed", 1);
            tx.processedEvents().addAll("n", List.of("member:y:1:cleaned", "member:x:1:unsubscribed", "member:z:2:subscribed"), 2);
            tx.members().save(new MemberRow("n", "a@example.com", "a@example.com", "abc", "subscribed", "listbridge", 10,
                    "created", false, null, Set.of()));
            tx.ledger().open("n", "1", "a@example.com", "a@example.com", 1_000, "new", null);
            tx.ledger().open("n", "2", "a@example.com", "a@example.com", 500, "new", null);
            tx.ledger().open("other", "3", "a@example.com", "a@example.com", 1_000, "new", null);
            return null;
        });
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            many.add("member:" + i + ":1:subscribed");
        }
        many.add("member:z:2:subscribed");

        var seen = store().inTransaction(tx -> tx.processedEvents().seenAmong("n", many));
        var members = store().inTransaction(tx -> tx.members().findAll("n", List.of("a@example.com", "b@example.com")));
        var histories = store().inTransaction(tx -> tx.ledger().historiesOf("n", List.of("a@example.com", "b@example.com")));

        assertThat(seen).containsExactly("member:z:2:subscribed");
        boolean batched = store().inTransaction(tx -> tx.processedEvents().seen("n", "member:y:1:cleaned"));
        assertThat(batched).isTrue();
        assertThat(members).containsOnlyKeys("a@example.com");
        assertThat(members.get("a@example.com").memberId()).isEqualTo("abc");
        assertThat(histories.get("b@example.com")).isEmpty();
        assertThat(histories.get("a@example.com")).extracting(LinkRow::contactKey).as("oldest first, this audience only")
                .containsExactly("2", "1");
    }

    @Test
    void write_backs_are_acknowledged_in_batches() {
        List<Long> ids = store().inTransaction(tx -> List.of(tx.outbox().add(1, "n", "writeback", "a@example.com", "1", "{}", 10),
                tx.outbox().add(1, "n", "writeback", "b@example.com", "2", "{}", 10),
                tx.outbox().add(1, "n", "writeback", "c@example.com", "3", "{}", 10)));

        store().inTransaction(tx -> {
            tx.outbox().doneAll(List.of(ids.get(0), ids.get(2)), 20);
            tx.audit().appendAll(List.of(new AuditRow(0, 20, "n", "1", "a@example.com", "crm_write_back", "{\"rows\":1}"),
                    new AuditRow(0, 20, "n", "3", "c@example.com", "crm_write_back", "{\"rows\":0}")));
            return null;
        });

        var pending = store().inTransaction(tx -> tx.outbox().pending("n", "writeback"));
        assertThat(pending).extracting(OutboxRow::id).containsExactly(ids.get(1));
        var timeline = store().inTransaction(tx -> tx.audit().timeline("3", List.of("c@example.com")));
        assertThat(timeline).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo("crm_write_back");
            assertThat(row.detail()).isEqualTo("{\"rows\":0}");
        });
    }

    @Test
    void stored_writes_are_parked_and_superseded_in_the_order_given() {
        store().inTransaction(tx -> {
            tx.outbox().add(1, "n", "upsert", "p@example.com", "1", "{}", 10);
            tx.outbox().add(1, "n", "upsert", "q@example.com", "2", "{}", 10);
            tx.outbox().add(1, "n", "upsert", "r@example.com", "3", "{}", 10);
            return null;
        });
        store().inTransaction(tx -> {
            tx.outbox().setAsideAll("n", "upsert", List.of(new Outbox.SetAside("p@example.com", true, 20),
                    new Outbox.SetAside("q@example.com", true, 20), new Outbox.SetAside("q@example.com", false, 21),
                    new Outbox.SetAside("r@example.com", false, 22), new Outbox.SetAside("r@example.com", true, 23)));
            return null;
        });
        store().inTransaction(tx -> {
            assertThat(tx.outbox().parked("n", "upsert", "p@example.com")).extracting(OutboxRow::updatedAt).containsExactly(20L);
            assertThat(tx.outbox().parked("n", "upsert", "q@example.com")).as("parked, then superseded").isEmpty();
            assertThat(tx.outbox().parked("n", "upsert", "r@example.com")).as("superseded: nothing left to park").isEmpty();
            assertThat(tx.outbox().unfinishedAmong("n", "upsert", List.of("p@example.com", "q@example.com", "r@example.com")))
                    .isEmpty();
            return null;
        });
    }

    @Test
    void seen_keys_added_in_a_batch_tell_first_times_from_duplicates_in_order() {
        store().inTransaction(tx -> tx.seenKeys().add(7, List.of("2")));
        var firstTimes = store().inTransaction(tx -> tx.seenKeys().addAll(7, List.of("1", "2", "1", "3")));
        assertThat(firstTimes).containsExactly(true, false, false, true);
    }

    @Test
    void a_page_of_changed_contacts_is_looked_up_with_one_query_per_table() {
        store().inTransaction(tx -> {
            tx.snapshots().save(new SnapshotRow("n", "1", 11L, "a@example.com", "a@example.com", true, null, "{}", 1));
            tx.snapshots().save(new SnapshotRow("m", "2", 12L, "b@example.com", "b@example.com", true, null, "{}", 1));
            long old = tx.ledger().open("n", "1", "old@example.com", "old@example.com", 1, "new", null);
            tx.ledger().close(old, 2, "address changed");
            tx.ledger().open("n", "1", "a@example.com", "a@example.com", 2, "address changed", null);
            tx.ledger().open("n", "3", "a@example.com", "a@example.com", 3, "new", null);
            tx.suppressions().add("n", "a@example.com", "unsubscribed", "tool", 5, 5);
            tx.suppressions().add("*", "a@example.com", "hard_bounce", "tool", 7, 7);
            tx.suppressions().add("m", "b@example.com", "unsubscribed", "tool", 9, 9);
            long waiting = tx.outbox().add(1, "n", "upsert", "a@example.com", "1", "{}", 10);
            tx.outbox().add(1, "n", "upsert", "c@example.com", "4", "{}", 10);
            tx.outbox().done(tx.outbox().add(1, "n", "upsert", "b@example.com", "2", "{}", 10), 11);
            return waiting;
        });

        store().inTransaction(tx -> {
            assertThat(tx.snapshots().findAll("n", List.of("1", "2"))).containsOnlyKeys("1");
            assertThat(tx.ledger().openLinkOfAll("n", List.of("1", "2"))).containsOnlyKeys("1")
                    .hasEntrySatisfying("1", link -> assertThat(link.email()).isEqualTo("a@example.com"));
            var links = tx.ledger().openLinksOfAll("n", List.of("a@example.com", "old@example.com"));
            assertThat(links.get("a@example.com")).extracting(LinkRow::contactKey).containsExactly("1", "3");
            assertThat(links.get("old@example.com")).isEmpty();
            assertThat(tx.suppressions().inForceAll("n", List.of("a@example.com", "b@example.com")))
                    .containsOnlyKeys("a@example.com")
                    .hasEntrySatisfying("a@example.com", row -> assertThat(row.reason()).isEqualTo("hard_bounce"));
            assertThat(tx.outbox().unfinishedAmong("n", "upsert", List.of("a@example.com", "b@example.com")))
                    .containsExactly("a@example.com");
            return null;
        });
    }

    @Test
    void a_page_of_plans_is_written_in_batches() {
        MemberRow member = new MemberRow("n", "a@example.com", "a@example.com", null, "subscribed", "listbridge", 10,
                "created", false, null, Set.of("VIP"));
        store().inTransaction(tx -> {
            tx.members().save(member.withStatus("pending", "listbridge", 5));
            tx.members().save(new MemberRow("n", "gone@example.com", "gone@example.com", null, "subscribed", "listbridge",
                    10, "created", false, null, Set.of()));
            tx.outbox().add(1, "n", "upsert", "a@example.com", "1", "{\"old\":1}", 10);
            tx.ledger().open("n", "1", "a@example.com", "a@example.com", 1, "new", null);
            return null;
        });

        store().inTransaction(tx -> {
            tx.members().saveAll(List.of(member));
            tx.members().deleteAll("n", List.of("gone@example.com"));
            tx.snapshots().saveAll(List.of(new SnapshotRow("n", "1", 11L, "a@example.com", "a@example.com", true, null, "{}", 20)));
            tx.outbox().setAsideAll("n", "upsert", List.of(new Outbox.SetAside("a@example.com", false, 20L)));
            tx.outbox().addAll(List.of(
                    new Outbox.NewRow(2, "n", "upsert", "a@example.com", "1", "{\"new\":1}", "pending", 20, 20),
                    new Outbox.NewRow(2, "n", "upsert", "a@example.com", "1", "{\"replaced\":1}", "superseded", 20, 21)));
            tx.ledger().setMemberIds("n", java.util.Map.of("a@example.com", "m-1"));
            return null;
        });

        store().inTransaction(tx -> {
            assertThat(tx.members().find("n", "a@example.com")).contains(member);
            assertThat(tx.members().find("n", "gone@example.com")).isEmpty();
            assertThat(tx.snapshots().find("n", "1")).hasValueSatisfying(row -> assertThat(row.rowSum()).isEqualTo(11L));
            assertThat(tx.snapshots().index("n").size()).isEqualTo(1);
            assertThat(tx.outbox().pending("n", "upsert")).extracting(OutboxRow::payload).containsExactly("{\"new\":1}");
            assertThat(tx.ledger().openLinkOf("n", "1")).hasValueSatisfying(link -> assertThat(link.memberId()).isEqualTo("m-1"));
            return null;
        });
    }

    @Test
    void a_kind_of_entries_is_found_for_several_contacts_of_an_audience() {
        store().inTransaction(tx -> {
            tx.audit().append(3, "n", "c-1", "a@example.org", "crm_write_back", "{\"statement\":\"unsubscribed\"}");
            tx.audit().append(1, "n", "c-1", "a@example.org", "crm_write_back", "{}");
            tx.audit().append(2, "n", "c-1", "a@example.org", "linked", "{}");
            tx.audit().append(2, "other", "c-2", "b@example.org", "crm_write_back", "{}");
            tx.audit().append(4, "n", "c-3", "c@example.org", "crm_write_back", "{}");
            return null;
        });
        List<AuditRow> found = store().inTransaction(tx -> tx.audit().ofContacts("n", List.of("c-1", "c-2"), "crm_write_back"));
        assertThat(found).extracting(AuditRow::contactKey, AuditRow::at).containsExactly(tuple("c-1", 1L), tuple("c-1", 3L));
        assertThat(found.get(1).detail()).isEqualTo("{\"statement\":\"unsubscribed\"}");
    }

    @Test
    void complaints_near_a_time_are_those_learned_from_another_source() {
        store().inTransaction(tx -> {
            tx.suppressions().add("*", "c@example.com", "complaint", "mailchimp:webhook", 1_000, 1_000);
            tx.suppressions().add("*", "c@example.com", "complaint", "mailchimp:event", 2_000, 2_000);
            tx.suppressions().add("*", "c@example.com", "unsubscribed", "mailchimp:import", 3_000, 3_000);
            return null;
        });
        store().inTransaction(tx -> {
            assertThat(tx.suppressions().complaintNear("c@example.com", 1_500, 600, "mailchimp:event")).isTrue();
            assertThat(tx.suppressions().complaintNear("c@example.com", 2_400, 600, "mailchimp:event")).as("its own source").isFalse();
            assertThat(tx.suppressions().complaintNear("c@example.com", 2_400, 600, "mailchimp:webhook")).isTrue();
            assertThat(tx.suppressions().complaintNear("c@example.com", 3_000, 100, "mailchimp:webhook")).as("no complaint").isFalse();
            assertThat(tx.suppressions().complaintTimes(List.of("c@example.com", "x@example.com"), "mailchimp:event"))
                    .containsExactly(Map.entry("c@example.com", List.of(1_000L)));
            return null;
        });
    }

    @Test
    void deferred_writes_are_seen_by_the_next_statement_and_keep_their_order() {
        MemberRow row = new MemberRow("n", "d@example.com", "d@example.com", "m1", "subscribed", "listbridge", 10, "created",
                false, null, Set.of());
        store().inTransaction(tx -> {
            tx.members().save(row);
            tx.members().save(row.withStatus("unsubscribed", "tool", 20));
            tx.outbox().append(1, "n", "upsert", "d@example.com", "7", "{\"first\":true}", 30);
            tx.outbox().append(1, "n", "upsert", "d@example.com", "7", "{\"first\":false}", 31);
            tx.suppressions().add("n", "d@example.com", "complaint", "test", 40, 41);
            tx.audit().append(50, "n", "7", "d@example.com", "one", "{}");
            // reads in the same transaction see every write made before them, in order
            assertThat(tx.members().find("n", "d@example.com").orElseThrow().status()).isEqualTo("unsubscribed");
            assertThat(tx.outbox().unfinished("n", "upsert", "d@example.com")).extracting(OutboxRow::payload)
                    .containsExactly("{\"first\":true}", "{\"first\":false}");
            assertThat(tx.outbox().unfinishedAmong("n", "upsert", List.of("d@example.com", "e@example.com")))
                    .containsExactly("d@example.com");
            assertThat(tx.suppressions().complaintTimes(List.of("d@example.com"), "other")).containsEntry("d@example.com", List.of(40L));
            tx.audit().append(60, "n", "7", "d@example.com", "two", "{}");
            return null; // the last append runs before the commit
        });
        List<AuditRow> timeline = store().inTransaction(tx -> tx.audit().timeline("7", List.of()));
        assertThat(timeline).extracting(AuditRow::kind).containsExactly("one", "two");
    }

    @Test
    void deferred_writes_of_a_transaction_that_throws_are_never_run() {
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.audit().append(50, "n", "8", "f@example.com", "lost", "{}");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        List<AuditRow> timeline = store().inTransaction(tx -> tx.audit().timeline("8", List.of()));
        assertThat(timeline).isEmpty();
    }
}
