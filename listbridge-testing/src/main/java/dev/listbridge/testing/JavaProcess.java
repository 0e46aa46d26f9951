package dev.listbridge.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Java main class in a JVM of its own (a {@code listbridge} command, usually), with its stdout and stderr in
 * files so that it never blocks on a full pipe and its output can be read while it runs and after it died.
 * {@link #kill()} is SIGKILL and {@link #stop(Duration)} SIGTERM ({@link Process#destroyForcibly()} and
 * {@link Process#destroy()} on Linux).
 */
public final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JavaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code java -cp classPath mainClass arguments}; output goes to {@code folder/name.out} and
     * {@code .err}, and the environment is this JVM's plus {@code environment}.
     */
    public static JavaProcess start(String classPath, String mainClass, Path folder, String name,
                                    Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass));
        command.addAll(arguments);
        Path out = folder.resolve(name + ".out");
        Path err = folder.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        try {
            return new JavaProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's own class path, for a main class of the module under test. */
    public static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    /** A class path of a jar and every jar in a folder ({@code lib/*}), as a launcher script builds it. */
    public static String jarAndLibraries(Path jar, Path lib) {
        return jar.toAbsolutePath() + File.pathSeparator + lib.toAbsolutePath() + File.separator + "*";
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM; returns the exit code, or -1 when it had not ended within {@code timeout} (it is killed then). */
    public int stop(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** The exit code, or -1 if it had not ended within {@code timeout} (then it is killed). */
    public int awaitExit(Duration timeout) {
        if (waitFor(timeout)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + pid(), e);
        }
    }

    /**
     * Waits until stdout or stderr contains {@code text}; returns the output so far.
     *
     * @throws AssertionError when the process ends or {@code timeout} passes first
     */
    public String awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String output = output();
            if (output.contains(text)) {
                return output;
            }
            if (!alive()) {
                throw new AssertionError("process " + pid() + " ended (exit " + process.exitValue() + ") before printing '"
                        + text + "':\n" + output);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + pid() + " did not print '" + text + "' within " + timeout + ":\n" + output);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Everything printed so far, stdout then stderr. */
    public String output() {
        return read(stdout) + read(stderr);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (alive()) {
            kill();
        }
    }
}
