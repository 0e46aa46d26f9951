package dev.listbridge.cli;

import dev.listbridge.daemon.DaemonStore;
import dev.listbridge.daemon.Inbox;
import dev.listbridge.engine.config.Durations;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inbox", mixinStandardHelpOptions = true, subcommands = InboxCommand.Replay.class,
        description = "The daemon's webhook inbox.")
final class InboxCommand {

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Marks stored webhook receipts for processing again (event ids make a replay harmless). "
                    + "A running daemon processes them within seconds, a stopped one when it starts. Receipts received "
                    + "more than the retention less a day ago are left alone: their event ids may be forgotten.")
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
                Duration keep = Inbox.keptFor(wiring.config().retention());
                Instant since = wiring.clock().instant().minus(keep);
                Inbox.Replayed replayed = store.inbox().replay(fromId, audienceName, since.toEpochMilli());
                out().println(replayed.marked() + " webhook receipt(s) marked for processing"
                        + (audienceName == null ? "" : " for " + audienceName) + " from " + store.description());
                if (replayed.tooOld() > 0) {
                    out().println(replayed.tooOld() + " receipt(s) received before " + since + " left alone: the ids of "
                            + "their events are kept for the retention (" + Durations.format(wiring.config().retention())
                            + "), so processing them again could apply an event twice");
                }
            }
            return ExitCodes.DONE;
        }
    }
}
