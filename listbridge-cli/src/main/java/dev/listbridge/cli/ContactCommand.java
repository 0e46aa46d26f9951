package dev.listbridge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "contact", mixinStandardHelpOptions = true,
        description = "Shows a contact's timeline: addresses with validity periods, consent changes, tool events, write-backs.")
final class ContactCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "KEY", description = "the contact's CRM key")
    String key;

    @Override
    int run(Wiring wiring) {
        boolean known = wiring.store().inTransaction(tx -> ContactTimeline.show(out(), tx, key));
        if (!known) {
            err().println("the ledger knows no contact with key " + key);
            return ExitCodes.FAILED;
        }
        return ExitCodes.DONE;
    }
}
