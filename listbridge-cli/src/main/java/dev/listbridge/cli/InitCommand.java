package dev.listbridge.cli;

import dev.listbridge.engine.config.ExampleConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Writes a commented example config file.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "listbridge.yml",
            description = "where to write it (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = "--force", description = "overwrite an existing file")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(file) && !force) {
            spec.commandLine().getErr().println(file + " exists already; use --force to overwrite it");
            return ExitCodes.CONFIG;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, ExampleConfig.text());
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot write " + file + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        spec.commandLine().getOut().println("wrote " + file + "; edit it, then run: listbridge check -c " + file);
        return ExitCodes.DONE;
    }
}
