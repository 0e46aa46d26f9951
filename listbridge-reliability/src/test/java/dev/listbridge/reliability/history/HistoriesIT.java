package dev.listbridge.reliability.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomized histories (docs/RELIABILITY.md, part 3): seeded sequences of CRM edits, recipients' actions,
 * late bounces and faults between cycles, each checked against every invariant and the reference model. A
 * failing history is shrunk and printed as a regression test to paste into {@link HistoryRegressionsIT};
 * {@code -Dreliability.seed=S -Dreliability.histories=1} runs one seed again.
 */
class HistoriesIT {
    private static final int SHRUNK_REPORTS = 3;
    private static Lab lab;

    @BeforeAll
    static void openLab() {
        lab = new Lab();
    }

    @AfterAll
    static void closeLab() {
        lab.close();
    }

    @Test
    void randomized_histories_keep_every_invariant_and_agree_with_the_reference_model() {
        long first = Sizes.seed();
        int histories = Sizes.histories();
        List<String> failures = new ArrayList<>();
        Set<Long> failedSeeds = new LinkedHashSet<>();
        for (int i = 0; i < histories; i++) {
            long seed = first + i;
            HistoryConfig config = configFor(seed);
            List<Step> steps = HistoryGenerator.generate(seed);
            HistoryRunner.Result result;
            try {
                result = HistoryRunner.run(lab, config, steps);
            } catch (RuntimeException e) {
                throw new AssertionError("history with seed " + seed + " broke the harness", e);
            }
            record(result);
            if (result.failed()) {
                failedSeeds.add(seed);
                failures.add(failures.size() < SHRUNK_REPORTS ? describe(seed, config, steps, result)
                        : "seed " + seed + ": " + result.violations().stream().map(Violation::toString).distinct().limit(3)
                                .collect(Collectors.joining("\n  ", "\n  ", "")));
            }
        }
        assertThat(failedSeeds).as("histories %d..%d (rerun one with -Dreliability.seed=S -Dreliability.histories=1)%n%s",
                first, first + histories - 1, String.join("\n\n", failures)).isEmpty();
    }

    static HistoryConfig configFor(long seed) {
        return HistoryConfig.draw(new Random(seed * 31 + 7));
    }

    static void record(HistoryRunner.Result result) {
        Figures.count(Count.HISTORIES);
        Figures.add(Count.STEPS, result.steps());
        Figures.add(Count.FAULTS, result.faults().size());
        Figures.add(Count.VIOLATIONS, result.violations().size());
        Figures.detail("history cycles", result.cycles());
        result.faults().forEach(fault -> Figures.detail("history fault: " + fault, 1));
    }

    private static String describe(long seed, HistoryConfig config, List<Step> steps, HistoryRunner.Result result) {
        String check = result.violations().get(0).check();
        List<Step> shrunk = Shrinker.shrink(lab, config, steps, check);
        HistoryRunner.Result again = HistoryRunner.run(lab, config, shrunk);
        return "seed " + seed + " (" + steps.size() + " steps, shrunk to " + shrunk.size() + "): "
                + result.violations().stream().map(Violation::toString).distinct().limit(8).collect(Collectors.joining("\n  ", "\n  ", ""))
                + "\nshrunk history fails with: " + again.violations().stream().map(Violation::toString).distinct().limit(5)
                        .collect(Collectors.joining("\n  ", "\n  ", ""))
                + "\nas a regression test:\n    @Test\n    void seed_" + seed + "_...() {\n        assertHolds(" + config.java()
                + ", List.of(\n                " + shrunk.stream().map(Step::java).collect(Collectors.joining(",\n                "))
                + "));\n    }";
    }
}
