package dev.listbridge.reliability;

import java.nio.file.Path;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the one summary line of the proof when all its test classes have run (registered through
 * {@code META-INF/services}), and keeps it with the finer counts in {@code target/reliability/figures.txt}.
 */
public final class SummaryListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!Figures.used()) {
            return;
        }
        Figures.write(Path.of(System.getProperty("reliability.figures", "target/reliability")));
        System.out.println(Figures.line());
        System.out.flush();
    }
}
