package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.store.AuditRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentWrittenBackTest {
    @Test
    void a_cycle_keeps_the_consent_its_committed_write_backs_gave_each_contact() {
        ConsentWrittenBack cycle = new ConsentWrittenBack();
        cycle.committed("1", "unsubscribed", 1);
        cycle.committed("2", "complaint", 1);
        cycle.committed("3", "confirmed", 1);
        cycle.committed("4", "hardBounce", 1); // not about consent
        cycle.committed("5", "unsubscribed", 0); // matched no row: the CRM's change is not this one
        cycle.committed(null, "unsubscribed", 1);
        for (int key = 100; key < 300; key++) { // beyond the first allocation, added after a lookup
            cycle.committed(String.valueOf(key), "unsubscribed", 1);
            assertThat(cycle.inThisCycle(String.valueOf(key), false)).isTrue();
        }

        assertThat(cycle.inThisCycle("1", false)).isTrue();
        assertThat(cycle.inThisCycle("1", true)).isFalse();
        assertThat(cycle.inThisCycle("2", false)).isTrue();
        assertThat(cycle.inThisCycle("3", true)).isTrue();
        assertThat(cycle.inThisCycle("3", false)).isFalse();
        assertThat(cycle.inThisCycle("4", false)).isFalse();
        assertThat(cycle.inThisCycle("5", false)).isFalse();
        assertThat(cycle.inThisCycle("299", false)).isTrue();
        assertThat(cycle.inThisCycle("300", false)).isFalse();
        assertThat(new ConsentWrittenBack().inThisCycle("1", false)).isFalse();
    }

    @Test
    void an_earlier_write_back_explains_a_change_only_in_its_direction_since_the_snapshot_and_when_it_changed_a_row() {
        List<AuditRow> writeBacks = List.of(entry(100, "unsubscribed", 1), entry(200, "confirmed", 1),
                entry(300, "complaint", 0), entry(400, "hardBounce", 1));

        assertThat(ConsentWrittenBack.explains(writeBacks, false, 100)).isTrue();
        assertThat(ConsentWrittenBack.explains(writeBacks, false, 101)).isFalse(); // the complaint changed no row
        assertThat(ConsentWrittenBack.explains(writeBacks, true, 200)).isTrue();
        assertThat(ConsentWrittenBack.explains(writeBacks, true, 201)).isFalse();
        assertThat(ConsentWrittenBack.explains(List.of(), false, 0)).isFalse();
    }

    private static AuditRow entry(long at, String statement, int rows) {
        return new AuditRow(0, at, "n", "1", "a@example.org", "crm_write_back",
                Json.object("statement", statement, "email", "a@example.org", "rows", rows, "reason", "x"));
    }
}
