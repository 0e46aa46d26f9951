package dev.listbridge.reliability.crash;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code listbridge} command in a JVM of its own, run from the CLI module's build output (its jar and
 * {@code target/lib}, as the {@code ./listbridge} launcher runs it), with its output in files. Killing it
 * is SIGKILL: {@link Process#destroyForcibly()} on Linux.
 */
public final class CliProcess {
    private final Process process;
    public final Path stdout;
    public final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The class path of the packaged CLI; fails with what to build when it is missing. */
    static String classPath() {
        Path jar = Path.of(System.getProperty("reliability.cliJar", "../listbridge-cli/target/listbridge-cli-0.1.0-SNAPSHOT.jar"));
        Path lib = Path.of(System.getProperty("reliability.cliLib", "../listbridge-cli/target/lib"));
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the crash test runs the packaged CLI, but " + jar + " or " + lib
                    + " is missing: run it through the reactor (./mvnw verify -pl listbridge-reliability -am)");
        }
        return jar.toAbsolutePath() + File.pathSeparator + lib.toAbsolutePath() + File.separator + "*";
    }

    /** Starts {@code listbridge <arguments>}; output goes to {@code <folder>/<name>.out} and {@code .err}. */
    public static CliProcess start(Path folder, String name, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                "dev.listbridge.cli.Main"));
        command.addAll(List.of(arguments));
        Path out = folder.resolve(name + ".out");
        Path err = folder.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        try {
            return new CliProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exit code, or -1 if it had not ended within {@code timeout} (then it is killed). */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    public String output() {
        try {
            return Files.readString(stdout) + Files.readString(stderr);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
