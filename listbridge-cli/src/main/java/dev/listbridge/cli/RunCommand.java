package dev.listbridge.cli;

import dev.listbridge.crm.jdbc.capture.CaptureMode;
import dev.listbridge.crm.jdbc.capture.CaptureSettings;
import dev.listbridge.crm.jdbc.capture.ChangeFeed;
import dev.listbridge.crm.jdbc.capture.ChangeFeeds;
import dev.listbridge.daemon.Daemon;
import dev.listbridge.daemon.DaemonRuntime;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.store.StateStore;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the daemon until SIGTERM or SIGINT: scheduled cycles, change capture, webhooks, admin API.")
final class RunCommand extends ConfiguredCommand {
    /** The daemon stops within this long of a signal; a tool call still in flight is replayed on the next start. */
    static final long STOP_DEADLINE_MILLIS = 30_000;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (one JSON object per line)")
    String logFormat;

    @Override
    int run(Wiring wiring) {
        if (!"text".equals(logFormat) && !"json".equals(logFormat)) {
            err().println("--log-format must be text or json, was '" + logFormat + "'");
            return ExitCodes.CONFIG;
        }
        if (audienceName != null) {
            err().println("--audience does not apply to run: the daemon serves every audience of the config");
            return ExitCodes.CONFIG;
        }
        LogSetup.daemon(logFormat);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        try (Daemon daemon = Daemon.start(runtime(wiring), Clock.systemUTC())) {
            err().println("listbridge daemon running on " + wiring.config().server().listen().replaceAll(":\\d+$", "")
                    + ":" + daemon.port() + "; stop with SIGTERM or Ctrl-C");
            err().flush();
            stop.await();
            Thread watchdog = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    Thread.sleep(STOP_DEADLINE_MILLIS);
                    // Whatever still runs is abandoned; the outbox replays it on the next start.
                    Runtime.getRuntime().halt(ExitCodes.DONE);
                } catch (InterruptedException e) {
                    // stopped in time
                }
            });
            daemon.close();
            watchdog.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.DONE;
    }

    static DaemonRuntime runtime(Wiring wiring) {
        return new DaemonRuntime() {
            @Override
            public ListbridgeConfig config() {
                return wiring.config();
            }

            @Override
            public StateStore store() {
                return wiring.store();
            }

            @Override
            public CrmSource crm() {
                return wiring.crm();
            }

            @Override
            public ToolConnector tool(String name) {
                return wiring.tool(name);
            }

            @Override
            public SyncEngine engine(AudienceConfig audience) {
                return wiring.engine(audience, Progress.NONE);
            }

            @Override
            public ChangeFeed changeFeed() {
                CaptureSettings capture = wiring.captureSettings();
                return capture.mode() == CaptureMode.DIFF ? null : ChangeFeeds.open(wiring.crmSettings(), capture);
            }
        };
    }
}
