package dev.listbridge.bench;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one run, as the final line prints them, and the mismatches the checks found (a fast
 * wrong result is worthless: a run with mismatches fails).
 *
 * @param contacts          the contacts generated
 * @param scanSeconds       the floor: the contacts query read once over plain JDBC
 * @param initialSeconds    the first cycle, pushing every member
 * @param calls             member-writing API calls of the initial push (batch subscribes, tag member adds)
 * @param minCalls          ceil(M / 500) + the sum over tags of ceil(M_t / 500), from the generated data
 * @param steadySeconds     a cycle with nothing to do
 * @param change1pctSeconds the cycle after 1 % of the contacts changed
 * @param events            the recipient events created for the event pull
 * @param eventSeconds      the cycle that pulled them, attributed them and wrote them back to the CRM
 * @param heapPeakMb        the largest heap in use in this JVM during the run
 * @param mismatches        what the checks found wrong; empty when all held
 */
public record BenchResult(int contacts, double scanSeconds, double initialSeconds, long calls, long minCalls,
                          double steadySeconds, double change1pctSeconds, long events, double eventSeconds,
                          long heapPeakMb, List<String> mismatches) {
    public BenchResult {
        mismatches = List.copyOf(mismatches);
    }

    public double steadyVsScan() {
        return steadySeconds / scanSeconds;
    }

    /** Events per second of the event pull cycle's wall time. */
    public double eventsPerSecond() {
        return events / eventSeconds;
    }

    /** The one line a run ends with. */
    public String line() {
        return String.format(Locale.ROOT, "bench: contacts=%d scan_s=%.2f initial_s=%.1f calls=%d min_calls=%d steady_s=%.2f "
                        + "steady_vs_scan=%.2f change1pct_s=%.2f events_per_s=%.0f heap_peak_mb=%d",
                contacts, scanSeconds, initialSeconds, calls, minCalls, steadySeconds, steadyVsScan(), change1pctSeconds,
                eventsPerSecond(), heapPeakMb);
    }
}
