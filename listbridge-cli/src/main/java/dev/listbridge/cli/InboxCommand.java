package dev.listbridge.cli;

import dev.listbridge.daemon.DaemonStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inbox", mixinStandardHelpOptions = true, subcommands = InboxCommand.Replay.class,
        description = "The daemon's webhook inbox.")
final class InboxCommand {

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Marks stored webhook receipts for processing again (event ids make a replay harmless). "
                    + "A running daemon processes them within seconds, a stopped one when it starts.")
    static final class Replay extends ConfiguredCommand {
        @Option(names = "--from", paramLabel = "ID", description = "the first receipt id to replay (default: all)")
        long fromId;

        @Override
        int run(Wiring wiring) {
            if (fromId < 0) {
                err().println("--from must be a receipt id (0 or more), was " + fromId);
                return ExitCodes.CONFIG;
            }
            if (audienceName != null) {
                audiences(wiring.config()); // fails with the configured names when unknown
            }
            try (DaemonStore store = DaemonStore.open(wiring.config().stateUrl(), null, null)) {
                int marked = store.inbox().replay(fromId, audienceName);
                out().println(marked + " webhook receipt(s) marked for processing"
                        + (audienceName == null ? "" : " for " + audienceName) + " from " + store.description());
            }
            return ExitCodes.DONE;
        }
    }
}
