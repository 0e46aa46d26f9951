package dev.listbridge.engine.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which positions of a {@link dev.listbridge.store.SnapshotIndex} a full cycle has seen: a bit set that the
 * CRM reading thread and the planning thread mark concurrently. {@link #mark} is atomic, so of two contacts
 * with the same key exactly one marks the position first, whichever thread reads it, and the other is the
 * duplicate.
 */
final class SeenPositions {
    private final AtomicLongArray words;
    private final int size;

    SeenPositions(int size) {
        this.size = size;
        this.words = new AtomicLongArray((size + 63) >>> 6);
    }

    /** Marks a position; false when it was marked already. */
    boolean mark(int position) {
        long bit = 1L << position;
        int word = position >>> 6;
        long before = words.getAndAccumulate(word, bit, (current, add) -> current | add);
        return (before & bit) == 0;
    }

    boolean marked(int position) {
        return (words.get(position >>> 6) & 1L << position) != 0;
    }

    /** Takes a mark back (a contact the planning reads again). */
    void unmark(int position) {
        words.getAndAccumulate(position >>> 6, ~(1L << position), (current, keep) -> current & keep);
    }

    /** The first unmarked position at or after {@code from}, or {@code size} when none. */
    int nextUnmarked(int from) {
        for (int position = from; position < size; position++) {
            long word = ~words.get(position >>> 6) >>> position;
            if (word == 0) {
                position = (position | 63); // the rest of this word is marked
                continue;
            }
            position += Long.numberOfTrailingZeros(word);
            return Math.min(position, size);
        }
        return size;
    }
}
