package dev.listbridge.tck;

import dev.listbridge.spi.SubscriptionStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One member as the tool holds it, read back by the test's own means (the simulator's Java API or a
 * direct call to the tool), not through the connector under test.
 *
 * @param memberId the tool's id of the member, or null if the tool has none
 * @param status   its subscription state ({@link SubscriptionStatus#ARCHIVED} for an archived member)
 * @param fields   its field values by field name (merge tag, attribute)
 * @param tags     the tags it carries
 */
public record RemoteState(String memberId, SubscriptionStatus status, Map<String, String> fields, Set<String> tags) {
    public RemoteState {
        Objects.requireNonNull(status, "status");
        fields = Map.copyOf(fields);
        tags = Set.copyOf(tags);
    }
}
