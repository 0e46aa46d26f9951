package dev.listbridge.cli;

import dev.listbridge.daemon.Daemon;
import dev.listbridge.engine.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code listbridge run} in this JVM, wired exactly as the command wires it (in the CLI's package, because the
 * wiring is the command's own business), for tests that talk HTTP to a daemon without a process of its own.
 */
public final class InProcessDaemon implements AutoCloseable {
    private final Wiring wiring;
    private final Daemon daemon;

    private InProcessDaemon(Wiring wiring, Daemon daemon) {
        this.wiring = wiring;
        this.daemon = daemon;
    }

    /** Loads the config with {@code environment} for its variables and starts the daemon; returns once it serves. */
    public static InProcessDaemon start(Path config, Map<String, String> environment) {
        Wiring wiring = new Wiring(ConfigLoader.load(config, environment), Clock.systemUTC());
        try {
            return new InProcessDaemon(wiring, Daemon.start(RunCommand.runtime(wiring), Clock.systemUTC()));
        } catch (RuntimeException e) {
            wiring.close();
            throw e;
        }
    }

    public int port() {
        return daemon.port();
    }

    @Override
    public void close() {
        daemon.close();
        wiring.close();
    }
}
