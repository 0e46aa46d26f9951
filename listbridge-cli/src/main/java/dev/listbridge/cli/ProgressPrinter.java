package dev.listbridge.cli;

import dev.listbridge.engine.Progress;
import java.io.PrintWriter;

/** Prints progress of long phases to standard error. */
final class ProgressPrinter implements Progress {
    private final PrintWriter err;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String phase, long done) {
        if (done >= 10_000) {
            err.printf("  ... %s: %,d%n", phase, done);
            err.flush();
        }
    }
}
