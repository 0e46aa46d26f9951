package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.WriteBack;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBackGroupsTest {
    private static final String UNSUBSCRIBE = "UPDATE c SET newsletter = false WHERE id = :key";
    private static final String BOUNCE = "UPDATE c SET email_status = 'faulty' WHERE id = :key";

    private static WriteBack item(String sql, String key, String email) {
        return new WriteBack("s", sql, key, email, null, null, null, null);
    }

    @Test
    void alternating_statements_for_different_contacts_become_one_group_per_statement() {
        List<WriteBack> batch = List.of(item(UNSUBSCRIBE, "1", "a@x.org"), item(BOUNCE, "2", "b@x.org"),
                item(UNSUBSCRIBE, "3", "c@x.org"), item(BOUNCE, "4", "d@x.org"), item(UNSUBSCRIBE, "5", "e@x.org"));

        assertThat(WriteBackGroups.of(batch)).containsExactly(List.of(0, 2, 4), List.of(1, 3));
    }

    @Test
    void two_writes_to_one_contact_keep_their_order() {
        List<WriteBack> batch = List.of(item(UNSUBSCRIBE, "1", "a@x.org"), item(BOUNCE, "2", "b@x.org"),
                item(BOUNCE, "1", "a@x.org"), item(UNSUBSCRIBE, "3", "c@x.org"));

        assertThat(WriteBackGroups.of(batch)).containsExactly(List.of(0), List.of(1), List.of(2), List.of(3));
    }

    @Test
    void contacts_sharing_an_address_in_any_case_keep_their_order() {
        List<WriteBack> batch = List.of(item(BOUNCE, "1", "info@x.org"), item(UNSUBSCRIBE, "2", "Info@X.org"),
                item(BOUNCE, "3", "c@x.org"));

        assertThat(WriteBackGroups.of(batch)).containsExactly(List.of(0), List.of(1), List.of(2));
    }

    @Test
    void a_new_address_counts_as_an_address_the_write_touches() {
        List<WriteBack> batch = List.of(new WriteBack("addressChanged", "UPDATE c SET email = :newEmail WHERE id = :key", "1",
                "old@x.org", "new@x.org", null, null, null), item(BOUNCE, "2", "new@x.org"));

        assertThat(WriteBackGroups.of(batch)).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void every_item_lands_in_exactly_one_group() {
        java.util.Random random = new java.util.Random(42);
        List<String> statements = List.of(UNSUBSCRIBE, BOUNCE, "UPDATE c SET note = :reason WHERE id = :key");
        List<WriteBack> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String key = Integer.toString(random.nextInt(200));
            batch.add(item(statements.get(random.nextInt(3)), key, key + "@x.org"));
        }

        List<List<Integer>> groups = WriteBackGroups.of(batch);

        assertThat(groups.stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 500).boxed().toList());
        assertThat(groups).allSatisfy(group -> assertThat(group.stream().map(i -> batch.get(i).sql()).distinct()).hasSize(1));
        // per contact, the writes run in the batch's order
        List<Integer> runOrder = groups.stream().flatMap(List::stream).toList();
        for (int a = 0; a < runOrder.size(); a++) {
            for (int b = a + 1; b < runOrder.size(); b++) {
                if (batch.get(runOrder.get(a)).key().equals(batch.get(runOrder.get(b)).key())) {
                    assertThat(runOrder.get(a)).isLessThan(runOrder.get(b));
                }
            }
        }
    }
}
