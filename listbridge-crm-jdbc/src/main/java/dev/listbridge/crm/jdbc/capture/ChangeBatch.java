package dev.listbridge.crm.jdbc.capture;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One batch of changed keys from a {@link ChangeFeed}.
 *
 * @param keys     the changed contacts' keys, distinct, oldest change first; read them with
 *                 {@code ContactSelection.onlyKeys(keys)}; a key that reads no row was deleted
 * @param position where the feed stands after this batch: store it, pass it to the next poll
 * @param more     whether more changes are waiting right now (the batch was full)
 */
public record ChangeBatch(Set<String> keys, String position, boolean more) {

    public ChangeBatch {
        keys = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(keys, "keys")));
    }

    /** No changes; the position stays where it was. */
    static ChangeBatch none(String position) {
        return new ChangeBatch(Set.of(), position, false);
    }
}
