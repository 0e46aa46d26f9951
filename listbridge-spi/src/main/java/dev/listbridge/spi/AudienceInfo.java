package dev.listbridge.spi;

import java.util.Set;

/**
 * An audience as the tool describes it.
 *
 * @param fields the field names (merge tags, attributes) the audience has
 */
public record AudienceInfo(String id, String name, boolean doubleOptIn, long memberCount, Set<String> fields) {
    public AudienceInfo {
        fields = Set.copyOf(fields);
    }
}
