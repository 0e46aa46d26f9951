package dev.listbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code listbridge} command. Exit codes: 0 done, 1 failed, 2 usage or config error, 3 partial, 4 held. */
@Command(name = "listbridge", mixinStandardHelpOptions = true, version = "listbridge 0.1.0",
        description = "Keeps a CRM database and newsletter tools consistent in both directions.",
        subcommands = {InitCommand.class, CheckCommand.class, PlanCommand.class, SyncCommand.class, RunCommand.class,
                WebhooksCommand.class, InboxCommand.class, ContactCommand.class,
                TriggersCommand.class, SandboxCommand.class, DemoCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed", "2:usage or config error", "3:partial (operations still pending after retries)",
                "4:held by the blast-radius guard"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit-code mapping, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
