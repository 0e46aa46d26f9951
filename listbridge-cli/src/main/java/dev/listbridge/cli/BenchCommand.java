package dev.listbridge.cli;

import dev.listbridge.bench.BenchArguments;
import dev.listbridge.bench.BenchMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

// descriptions are format strings: a percent sign is written %%
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks a sync of N generated contacts: PostgreSQL CRM (127.0.0.1:5432, else embedded), the default "
                + "SQLite state store, the Mailchimp sandbox in its own process.",
                "Measures the floor (a plain JDBC scan), the initial push and its API calls against the minimum, a steady "
                        + "cycle, a 1 %% change, an event pull, and this JVM's peak heap; ends with one 'bench:' line.",
                "Exit 0 when every check held, 1 when one failed or the run broke, 2 for a bad option."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchArguments arguments;

    @Override
    public Integer call() throws Exception {
        int exit = BenchMain.run(arguments, spec.commandLine().getOut(), spec.commandLine().getErr());
        return exit == 2 ? ExitCodes.CONFIG : exit == 0 ? ExitCodes.DONE : ExitCodes.FAILED;
    }
}
