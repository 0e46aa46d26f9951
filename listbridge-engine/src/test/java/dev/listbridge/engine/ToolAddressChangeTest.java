package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.WriteBack;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member at an unknown address carrying a contact's CRM key: the contact's member moved in the tool, unless the
 * tool (reading single members, SPI 1.3) still holds a member at the contact's address.
 */
class ToolAddressChangeTest extends FakeEngineFixture {

    @Test
    void a_member_moved_in_the_tool_moves_and_reaches_the_crm() {
        tool.memberRead = true;
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.recipientChangesAddress("a@example.com", "moved@example.com");

        CycleReport report = engine.sync(false);

        assertThat(crm.writeBacks).extracting(WriteBack::statement, WriteBack::newEmail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("addressChanged", "moved@example.com"));
        assertThat(report.get("members read before a move")).isEqualTo(1);
    }

    @Test
    void a_tag_still_waiting_when_the_member_moved_in_the_tool_reaches_it_once_the_crm_holds_the_new_address() {
        tool.memberRead = true;
        SyncEngine engine = engine("tags: [segment]");
        tool.refusedTag = "a@example.com";
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false); // the member is created; its B2C tag waits as a dead letter
        tool.refusedTag = null;
        tool.recipientChangesAddress("a@example.com", "moved@example.com");
        engine.sync(false); // the move supersedes what waited for the old address, which must not be written (I5)
        crm.put("1", "moved@example.com", true, null, "B2C"); // the address change written back

        engine.sync(false);

        assertThat(tool.members.get("moved@example.com").tags()).containsExactly("B2C");
    }

    @Test
    void a_member_carrying_the_key_is_no_move_while_the_contacts_member_is_still_at_its_address() {
        tool.memberRead = true;
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.memberAppears("other@example.com", Map.of("CRMKEY", "1"));

        CycleReport report = engine.sync(false);

        assertThat(crm.writeBacks).noneMatch(writeBack -> writeBack.statement().equals("addressChanged"));
        assertThat(report.get("address changes in the tool that cannot be attributed (shared address; reported)")).isEqualTo(1);
        assertThat(tool.memberReads).isEqualTo(1);
        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void a_tool_without_single_member_reads_takes_it_for_the_move_as_before() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.memberAppears("other@example.com", Map.of("CRMKEY", "1"));

        engine.sync(false);

        assertThat(crm.writeBacks).extracting(WriteBack::statement, WriteBack::newEmail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("addressChanged", "other@example.com"));
    }

    private SyncEngine engine(String... audienceLines) {
        return engineFrom(withAudienceLines(fakeConfig("addressChanged: UPDATE c SET email = :newEmail WHERE id = :key") + """
                    keyField: CRMKEY
                    blastRadius: 100%
                """, audienceLines));
    }
}
