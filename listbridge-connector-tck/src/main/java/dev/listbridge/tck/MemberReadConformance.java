package dev.listbridge.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The single-member read of the conformance suite (SPI 1.3), for tools with
 * {@link dev.listbridge.spi.Capabilities#memberRead()} (skipped otherwise): the member at an address is read
 * whatever its status, as the tool holds it; an address without a member reads empty, also the old address of
 * a member renamed away from it (the engine relies on that to tell which member moved). Subclass
 * {@link ToolConnectorConformanceTest}, not this class.
 */
public abstract class MemberReadConformance extends ConformanceHooks {

    @Test
    void read_member_returns_the_member_at_an_address_with_its_status_and_fields() {
        assumeTrue(capabilities().memberRead(), "the tool cannot read single members");
        Address address = subscribed("single");
        RemoteState held = remote(address);

        Optional<RemoteMember> read = connector.readMember(audience, address);

        assertThat(read).hasValueSatisfying(member -> {
            assertThat(member.address().key()).isEqualTo(address.key());
            assertThat(member.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
            assertThat(member.fields()).containsEntry(keyField(), held.fields().get(keyField()));
            if (held.memberId() != null) {
                assertThat(member.memberId()).isEqualTo(held.memberId());
            }
        });
    }

    @Test
    void read_member_of_an_address_without_a_member_is_empty() {
        assumeTrue(capabilities().memberRead(), "the tool cannot read single members");
        subscribed("neighbour");

        assertThat(connector.readMember(audience, address("nobody"))).isEmpty();
    }

    @Test
    void read_member_returns_members_that_opted_out_or_were_archived() {
        assumeTrue(capabilities().memberRead(), "the tool cannot read single members");
        Address unsubscribed = subscribed("single-unsub");
        recipientUnsubscribes(audience, unsubscribed);

        assertThat(connector.readMember(audience, unsubscribed))
                .hasValueSatisfying(member -> assertThat(member.status()).isEqualTo(SubscriptionStatus.UNSUBSCRIBED));

        assumeTrue(capabilities().archive(), "the tool cannot archive members");
        Address archived = subscribed("single-archived");
        connector.archive(audience, List.of(archived));
        // a tool that drops archived members from the audience entirely holds nothing there any more
        Optional<RemoteState> held = remoteMember(audience, archived);
        Optional<RemoteMember> read = connector.readMember(audience, archived);
        assertThat(read.isPresent()).isEqualTo(held.isPresent());
        read.ifPresent(member -> assertThat(member.status()).isEqualTo(SubscriptionStatus.ARCHIVED));
    }

    @Test
    void read_member_after_a_rename_finds_it_at_the_new_address_only() {
        assumeTrue(capabilities().memberRead(), "the tool cannot read single members");
        assumeTrue(capabilities().rename(), "the tool cannot rename members");
        Address from = subscribed("single-from");
        String key = remote(from).fields().get(keyField());
        Address to = address("single-to");

        connector.rename(audience, from, to);

        assertThat(connector.readMember(audience, from)).isEmpty();
        assertThat(connector.readMember(audience, to))
                .hasValueSatisfying(member -> assertThat(member.fields()).containsEntry(keyField(), key));
    }

    @Test
    void read_member_of_an_unavailable_tool_is_retriable() {
        assumeTrue(capabilities().memberRead(), "the tool cannot read single members");
        Address address = subscribed("single-later");
        failNextRequests(1, 503, null);

        assertThatThrownBy(() -> connector.readMember(audience, address))
                .isInstanceOfSatisfying(RetriableException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(connector.readMember(audience, address)).isPresent();
    }
}
