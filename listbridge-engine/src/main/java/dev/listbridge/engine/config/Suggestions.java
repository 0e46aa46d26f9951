package dev.listbridge.engine.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" for misspelt names: edit distance at most 2, or one name a prefix of the other. */
final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate, or null when none is close. */
    static String closest(String given, Collection<String> candidates) {
        String lower = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(lower, other);
            boolean prefix = Math.min(lower.length(), other.length()) >= 3
                    && (lower.startsWith(other) || other.startsWith(lower));
            if ((distance <= 2 || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
