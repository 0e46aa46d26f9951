package dev.listbridge.bench;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The benchmark on its own: {@code java -cp ... dev.listbridge.bench.BenchMain --contacts N}; the same as
 * {@code listbridge bench}. Exit codes: 0 all checks held, 1 a check failed or the run broke, 2 usage.
 */
@Command(name = "listbridge-bench", mixinStandardHelpOptions = true,
        description = "Measures a sync of N generated contacts against the floor (a plain JDBC scan) and the minimum of API calls.")
public final class BenchMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchArguments arguments;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return run(arguments, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the benchmark; 0 when every check held, 1 otherwise, 2 for bad options. */
    public static int run(BenchArguments arguments, PrintWriter out, PrintWriter err) {
        try {
            BenchResult result = new BenchRunner(arguments.options(), out).run();
            return result.mismatches().isEmpty() ? 0 : 1;
        } catch (BadOptionException badOption) {
            err.println(badOption.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException | java.io.IOException | java.sql.SQLException broken) {
            out.flush();
            err.println("bench failed: " + broken);
            broken.printStackTrace(err);
            err.flush();
            return 1;
        }
    }
}
