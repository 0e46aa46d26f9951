package dev.listbridge.reliability.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing history: removes chunks of steps, then single steps, while the history still fails the
 * same check. Each try is a whole run; a budget keeps it bounded.
 */
final class Shrinker {
    private static final int BUDGET = 200;

    private Shrinker() {
    }

    static List<Step> shrink(Lab lab, HistoryConfig config, List<Step> steps, String check) {
        List<Step> current = steps;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < BUDGET) {
            progress = false;
            for (int size = Math.max(1, current.size() / 2); size >= 1 && runs < BUDGET; size /= 2) {
                for (int from = 0; from + size <= current.size() && runs < BUDGET; ) {
                    List<Step> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(from + size, current.size()));
                    runs++;
                    if (fails(lab, config, candidate, check)) {
                        current = candidate;
                        progress = true;
                    } else {
                        from += size;
                    }
                }
            }
        }
        return current;
    }

    private static boolean fails(Lab lab, HistoryConfig config, List<Step> steps, String check) {
        try {
            return HistoryRunner.run(lab, config, steps).violations().stream().anyMatch(v -> v.check().equals(check));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
