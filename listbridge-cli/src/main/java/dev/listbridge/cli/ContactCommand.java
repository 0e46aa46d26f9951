package dev.listbridge.cli;

import dev.listbridge.store.LinkRow;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "contact", mixinStandardHelpOptions = true,
        description = "Shows a contact's timeline: addresses with validity periods, consent changes, tool events, write-backs.")
final class ContactCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "KEY", description = "the contact's CRM key")
    String key;

    @Override
    int run(Wiring wiring) {
        return wiring.store().inTransaction(tx -> {
            List<LinkRow> links = tx.ledger().linksOfContact(key);
            if (links.isEmpty()) {
                err().println("the ledger knows no contact with key " + key);
                return ExitCodes.FAILED;
            }
            List<String> emailKeys = links.stream().map(LinkRow::emailKey).distinct().toList();
            ContactTimeline.print(out(), key, links, tx.audit().timeline(key, emailKeys));
            return ExitCodes.DONE;
        });
    }
}
