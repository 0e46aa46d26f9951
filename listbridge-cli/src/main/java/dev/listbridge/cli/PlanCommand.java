package dev.listbridge.cli;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.config.AudienceConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows what one cycle would do in both directions. Writes nothing to the CRM or the tool and moves no cursor.")
final class PlanCommand extends ConfiguredCommand {
    @Option(names = "--json", description = "print the plan as JSON")
    boolean json;

    @Override
    int run(Wiring wiring) {
        List<CycleReport> reports = new ArrayList<>();
        int exit = ExitCodes.DONE;
        for (AudienceConfig audience : audiences(wiring.config())) {
            CycleReport report = wiring.engine(audience, json ? Progress.NONE : new ProgressPrinter(err())).plan();
            reports.add(report);
            if (report.outcome() == CycleOutcome.FAILED) {
                exit = ExitCodes.FAILED;
            }
            if (!json) {
                ReportPrinter.text(out(), report);
            }
        }
        if (json) {
            ReportPrinter.json(out(), reports);
        }
        return exit;
    }
}
