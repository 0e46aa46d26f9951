package dev.listbridge.reliability.crash;

import dev.listbridge.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code listbridge} command in a JVM of its own, run from the CLI module's build output (its jar and
 * {@code target/lib}, as the {@code ./listbridge} launcher runs it), with its output in files.
 */
public final class CliProcess {
    private CliProcess() {
    }

    /** The class path of the packaged CLI; fails with what to build when it is missing. */
    static String classPath() {
        Path jar = Path.of(System.getProperty("reliability.cliJar", "../listbridge-cli/target/listbridge-cli-0.1.0-SNAPSHOT.jar"));
        Path lib = Path.of(System.getProperty("reliability.cliLib", "../listbridge-cli/target/lib"));
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the crash test runs the packaged CLI, but " + jar + " or " + lib
                    + " is missing: run it through the reactor (./mvnw verify -pl listbridge-reliability -am)");
        }
        return JavaProcess.jarAndLibraries(jar, lib);
    }

    /** Starts {@code listbridge <arguments>}; output goes to {@code <folder>/<name>.out} and {@code .err}. */
    public static JavaProcess start(Path folder, String name, Map<String, String> environment, String... arguments) {
        return JavaProcess.start(classPath(), "dev.listbridge.cli.Main", folder, name, environment, List.of(arguments));
    }
}
