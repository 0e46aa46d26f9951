package dev.listbridge.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolEventTest {
    @Test
    void subscribed_carries_only_subscribed_or_pending() {
        Address address = Address.parse("a@example.com");
        assertThatThrownBy(() -> new ToolEvent.Subscribed("id", "m", address, Instant.EPOCH, SubscriptionStatus.CLEANED, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_member_write_sets_no_status_a_tool_does_not_accept_from_an_api() {
        assertThatThrownBy(() -> new MemberWrite(Address.parse("a@example.com"), SubscriptionStatus.CLEANED, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
