package dev.listbridge.cli;

import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ConfigError;
import dev.listbridge.engine.config.ConfigException;
import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.ListbridgeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A command that works from a config file: loads and validates it, maps failures to exit codes. */
abstract class ConfiguredCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the config file (default: ${DEFAULT-VALUE})",
            defaultValue = "listbridge.yml")
    Path configFile;

    @Option(names = "--audience", paramLabel = "NAME", description = "only this audience (default: all)")
    String audienceName;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        ListbridgeConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err().println(error);
            }
            err().println(e.errors().size() == 1 ? "1 error in the config" : e.errors().size() + " errors in the config");
            return ExitCodes.CONFIG;
        }
        try (Wiring wiring = new Wiring(config, Clock.systemUTC())) {
            WriteBackStatements.check(config);
            return run(wiring);
        } catch (InvalidConfigException e) {
            err().println(configFile + ": " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (ListbridgeException e) {
            err().println("failed: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run(Wiring wiring);

    /** The audiences to work on: the one named with --audience, or all. */
    List<AudienceConfig> audiences(ListbridgeConfig config) {
        if (audienceName == null) {
            return new ArrayList<>(config.audiences().values());
        }
        AudienceConfig audience = config.audiences().get(audienceName);
        if (audience == null) {
            throw new InvalidConfigException("--audience", "no audience '" + audienceName + "'; the config has "
                    + String.join(", ", config.audiences().keySet()));
        }
        return List.of(audience);
    }
}
