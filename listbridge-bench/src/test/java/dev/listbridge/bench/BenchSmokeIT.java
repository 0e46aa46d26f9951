package dev.listbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runner works end to end at a small size (one run of 20,000 contacts for the class):
 * every step runs, every check holds, the final line carries every figure, and the push makes the
 * minimum of member-writing calls. No timings are asserted: the machine's speed is not what a build
 * should depend on.
 */
class BenchSmokeIT {
    private static final int CONTACTS = 20_000;
    private static final List<String> KEYS = List.of("contacts", "scan_s", "initial_s", "calls", "min_calls", "steady_s",
            "steady_vs_scan", "change1pct_s", "events_per_s", "heap_peak_mb");

    private static BenchResult result;
    private static String output;

    @BeforeAll
    static void run() throws Exception {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String database = "lbbench_" + HexFormat.of().formatHex(random);
        StringWriter text = new StringWriter();
        BenchOptions options = new BenchOptions(CONTACTS, BenchOptions.DEFAULT_EVENTS, false, database, false, 0,
                BenchOptions.DEFAULT_SEED, null, 0); // no settling wait: a smoke test of the runner, not a measurement
        result = new BenchRunner(options, new PrintWriter(text, true)).run();
        output = text.toString();
    }

    @Test
    void every_check_of_every_step_holds() {
        assertThat(result.mismatches()).as(output).isEmpty();
        assertThat(result.events()).isPositive();
    }

    @Test
    void the_run_ends_with_one_line_of_every_figure() {
        List<String> lines = output.lines().toList();
        String last = lines.get(lines.size() - 1);

        assertThat(last).startsWith("bench: contacts=" + CONTACTS + " ").isEqualTo(result.line());
        for (String key : KEYS) {
            assertThat(last).containsPattern(" " + key + "=[0-9.]+( |$)");
        }
    }

    @Test
    void the_initial_push_makes_the_minimum_of_member_writing_calls() {
        assertThat(result.minCalls()).isPositive();
        assertThat(result.calls()).as("member-writing calls of the initial push (batch subscribes + tag adds) against "
                + "ceil(M/500) + sum of ceil(M_t/500)\n" + output).isEqualTo(result.minCalls());
    }
}
