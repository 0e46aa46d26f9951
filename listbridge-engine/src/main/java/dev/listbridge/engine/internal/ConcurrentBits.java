package dev.listbridge.engine.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size bit set that two threads may mark at once: {@link #mark} sets a bit and says whether this call set it,
 * so of two threads marking the same bit exactly one learns it was first. The diff's triage and its planning thread
 * both mark snapshot index positions; a position marked twice is a duplicate CRM key, which a plain test-then-set
 * from two threads could miss.
 */
final class ConcurrentBits {
    private final AtomicLongArray words;
    private final int size;

    ConcurrentBits(int size) {
        this.size = size;
        this.words = new AtomicLongArray((size + 63) >>> 6);
    }

    /** Sets bit {@code index}; true when it was clear before (this call set it), false when it was set already. */
    boolean mark(int index) {
        long bit = 1L << index;
        long before = words.getAndAccumulate(index >>> 6, bit, (word, mask) -> word | mask);
        return (before & bit) == 0;
    }

    boolean get(int index) {
        return (words.get(index >>> 6) & (1L << index)) != 0;
    }

    /** The first clear bit at or after {@code from}, or {@link #size} when every bit from there on is set. */
    int nextClear(int from) {
        for (int index = from; index < size; index++) {
            if ((index & 63) == 0 && words.get(index >>> 6) == -1L) {
                index += 63; // a whole word set
                continue;
            }
            if (!get(index)) {
                return index;
            }
        }
        return size;
    }
}
