package dev.listbridge.engine.internal;

import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.store.Hash64;
import dev.listbridge.store.SnapshotIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row sum of a contact: a 64-bit hash of the raw CRM values the audience pushes (address as
 * written, consent, consent time, mapped columns, tag columns), seeded with the audience's mapping, so
 * that an unchanged contact is recognized without parsing its address or building its fields. A change
 * of the mapping, or of the values, makes the sum differ; the snapshot's data then tells what changed.
 */
final class RowSums {
    /** Raise when what the sum covers changes meaning: every contact then looks changed once. */
    private static final String VERSION = "row-sum-1";

    private final long seed;
    private final String[] columns;

    RowSums(AudienceConfig audience, Capabilities capabilities) {
        long state = Hash64.add(Hash64.START, VERSION);
        List<String> read = new ArrayList<>();
        for (Map.Entry<String, String> field : new TreeMap<>(audience.fields()).entrySet()) {
            String column = field.getValue().toLowerCase(Locale.ROOT);
            state = Hash64.add(Hash64.add(state, field.getKey()), column);
            read.add(column);
        }
        state = Hash64.add(state, audience.keyField());
        for (String tag : audience.tags()) {
            String column = tag.toLowerCase(Locale.ROOT);
            state = Hash64.add(Hash64.add(state, "tag"), column);
            read.add(column);
        }
        // a tool that loses or gains SMTPUTF8 support turns addresses invalid or valid
        this.seed = Hash64.add(state, capabilities.utf8LocalPart() ? 1 : 0);
        this.columns = read.toArray(String[]::new);
    }

    long of(CrmContact contact) {
        long state = Hash64.add(seed, contact.email());
        state = Hash64.add(state, contact.consent() ? 1 : 2);
        state = contact.consentAt() == null ? Hash64.add(state, (String) null) : Hash64.add(state, contact.consentAt().toEpochMilli());
        Map<String, String> attributes = contact.attributes();
        for (String column : columns) {
            state = Hash64.add(state, attributes.get(column));
        }
        long sum = Hash64.finish(state);
        return sum == SnapshotIndex.UNKNOWN_ROW_SUM ? 1 : sum;
    }
}
