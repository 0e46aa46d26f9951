package dev.listbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mailchimp sandbox in its own JVM, so that its heap and CPU are not counted as Listbridge's: the
 * same {@code java} and class path as this process, running {@code MailchimpSandboxMain --stop-on-eof}.
 * It stops when {@link #close()} closes its input, on Ctrl-C through a shutdown hook, and, should this
 * process die without either, when the operating system closes the pipe.
 */
final class SandboxProcess implements AutoCloseable {
    static final String MAIN = "dev.listbridge.sandbox.MailchimpSandboxMain";
    /** Environment variable with more JVM options for the sandbox process, split at spaces. */
    static final String EXTRA_OPTIONS = "LISTBRIDGE_BENCH_SANDBOX_OPTS";
    private static final Pattern READY = Pattern.compile("Mailchimp sandbox: (http://\\S+/3\\.0)\\s+API key: (\\S+)");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Thread shutdownHook;
    private final String baseUrl;
    private final String apiKey;
    private final Path log;

    private SandboxProcess(Process process, Thread shutdownHook, String baseUrl, String apiKey, Path log) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.log = log;
    }

    /** Starts the sandbox with {@code heapMb} of heap; its output goes to {@code log}. */
    static SandboxProcess start(int heapMb, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heapMb + "m", "-XX:+UseParallelGC"));
        // e.g. a flight recording of the sandbox, to see its share of a step
        String extra = System.getenv(EXTRA_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "--port", "0", "--stop-on-eof"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        Thread hook = new Thread(() -> stop(process), "listbridge-bench-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready), "listbridge-bench-sandbox-output");
        pump.setDaemon(true);
        pump.start();
        try {
            Matcher matcher = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new SandboxProcess(process, hook, matcher.group(1), matcher.group(2), log);
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            removeHook(hook);
            throw new IllegalStateException("the sandbox process did not start within " + START_TIMEOUT_SECONDS
                    + " s; its output is in " + log + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()), e);
        } catch (InterruptedException e) {
            stop(process);
            removeHook(hook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sandbox started", e);
        }
    }

    /** E.g. {@code http://127.0.0.1:40123/3.0}. */
    String baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        stop(process);
        removeHook(shutdownHook);
    }

    /** Copies the sandbox's output to the log, and reports the line that says where it listens. */
    private static void pump(Process process, Path log, CompletableFuture<Matcher> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(matcher);
                }
            }
            ready.completeExceptionally(new IllegalStateException("it exited with " + process.waitFor()));
        } catch (IOException e) {
            ready.completeExceptionally(new UncheckedIOException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready.completeExceptionally(e);
        }
    }

    /** Closing its input asks it to stop (--stop-on-eof); a sandbox that does not is ended. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        try (OutputStream input = process.getOutputStream()) {
            input.flush();
        } catch (IOException alreadyClosed) {
            // the pipe is gone: the sandbox sees the end of its input either way
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
