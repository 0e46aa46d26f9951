package dev.listbridge.cli;

import dev.listbridge.daemon.OwnerLock;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.config.AudienceConfig;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Runs one cycle per audience: pull tool events, write back to the CRM, push CRM changes.")
final class SyncCommand extends ConfiguredCommand {
    @Option(names = "--force", description = "release the blast-radius guard for this cycle")
    boolean force;

    @Override
    int run(Wiring wiring) {
        // One process cycles a state store at a time: a running daemon, or another sync, makes this one refuse.
        try (OwnerLock lock = OwnerLock.acquire(wiring.config().stateUrl(), null, null, "listbridge sync",
                Clock.systemUTC())) {
            return syncAll(wiring);
        }
    }

    private int syncAll(Wiring wiring) {
        int exit = ExitCodes.DONE;
        for (AudienceConfig audience : audiences(wiring.config())) {
            CycleReport report = wiring.engine(audience, new ProgressPrinter(err())).sync(force);
            ReportPrinter.text(out(), report);
            out().println(ReportPrinter.summaryLine(report));
            exit = Math.max(exit, report.outcome().exitCode());
        }
        return exit;
    }
}
