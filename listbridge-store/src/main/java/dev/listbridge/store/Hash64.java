package dev.listbridge.store;

/**
 * A fast 64-bit hash of text, for the snapshot index: CRM keys ({@link #of}) and, built up value by
 * value, what the engine last pushed of a contact. Not cryptographic; a change that only one 4-character
 * stretch of one value tells apart never collides, other changes collide with a chance of 2<sup>-64</sup>.
 * Stored in the state store, so the function must never change (a changed function only costs one slow
 * cycle: every contact then looks changed once).
 */
public final class Hash64 {
    /** The state an empty sequence of values starts from. */
    public static final long START = 0x243F6A8885A308D3L;
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xBF58476D1CE4E5B9L;
    private static final long NULL = 0x5DEECE66DL;

    private Hash64() {
    }

    /** The hash of one text, e.g. a CRM key. */
    public static long of(String text) {
        return finish(add(START, text));
    }

    /** Adds a text (or null, which differs from every text) to a running state. */
    public static long add(long state, String text) {
        if (text == null) {
            return step(state, NULL);
        }
        int length = text.length();
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            state = step(state, text.charAt(i) | (long) text.charAt(i + 1) << 16 | (long) text.charAt(i + 2) << 32
                    | (long) text.charAt(i + 3) << 48);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 16) {
            tail |= (long) text.charAt(i) << shift;
        }
        // the length closes the value, so that ("ab", "c") and ("a", "bc") differ
        return step(step(state, tail), length);
    }

    /** Adds a number to a running state. */
    public static long add(long state, long value) {
        return step(state, value);
    }

    /** The hash of the values added to a running state. */
    public static long finish(long state) {
        long h = state;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    private static long step(long state, long word) {
        // bijective in the word for a given state and in the state for a given word: one changed word always shows
        return Long.rotateLeft(state ^ word * M1, 29) * M2;
    }
}
