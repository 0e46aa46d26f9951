package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code listbridge run} as its own process: signals, the owner lock across processes, crashes. */
class DaemonProcessIT extends StoryTest {

    Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.listbridge.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(h.dir.toFile());
        builder.environment().put("MAILCHIMP_API_KEY", sandbox.apiKey());
        builder.environment().put("CRM_PASSWORD", crm.password());
        return builder.start();
    }

    /** Reads stderr until a line containing {@code text} appears; returns everything read. */
    static String awaitLine(Process process, String text) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Boolean> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.contains(text)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(found.get(60, TimeUnit.SECONDS)).as("stderr so far:\n%s", seen).isTrue();
        // Keep draining so the process never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (reader.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // process gone
            }
        });
        return seen.toString();
    }

    @Test
    void sigterm_stops_the_daemon_with_exit_0_and_sigkill_leaves_no_lock_behind() throws Exception {
        h.customer(1, "anna@example.com", true, "retail");
        h.top("server:\n  listen: 127.0.0.1:0\n");
        Path config = h.configFile();

        Process first = launch("run", "-c", config.toString());
        awaitLine(first, "listbridge daemon running");
        // While it lives, a second daemon and a one-off sync refuse, naming it.
        Process second = launch("run", "-c", config.toString());
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String refusal = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(refusal).isEqualTo(ExitCodes.FAILED);
        assertThat(refusal).contains("in use by listbridge run (pid " + first.pid());
        Process sync = launch("sync", "-c", config.toString());
        assertThat(sync.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sync.exitValue()).isEqualTo(ExitCodes.FAILED);

        long before = System.nanoTime();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(35, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(first.exitValue()).isEqualTo(0);
        System.out.printf("daemon stopped %d ms after SIGTERM%n", (System.nanoTime() - before) / 1_000_000);

        Process crashed = launch("run", "-c", config.toString(), "--log-format", "json");
        String log = awaitLine(crashed, "listbridge daemon running");
        assertThat(log).contains("{\"");
        crashed.destroyForcibly(); // SIGKILL
        crashed.waitFor(10, TimeUnit.SECONDS);
        assertThat(Files.exists(h.dir.resolve("state.lock"))).isTrue();

        Process restarted = launch("run", "-c", config.toString());
        awaitLine(restarted, "listbridge daemon running");
        restarted.destroy();
        assertThat(restarted.waitFor(35, TimeUnit.SECONDS)).isTrue();
        assertThat(restarted.exitValue()).isEqualTo(0);
        assertThat(h.status("anna@example.com")).isEqualTo("subscribed");
    }

    @Test
    void a_daemon_killed_in_the_middle_of_an_outbox_drain_resumes_without_loss_or_duplicates() throws Exception {
        for (int i = 1; i <= 1200; i++) {
            h.customer(i, "c" + i + "@example.com", true, "retail");
        }
        h.top("server:\n  listen: 127.0.0.1:0\n");
        Path config = h.configFile();
        sandbox.faults().delay("POST", "/3.0/lists/" + h.list, Duration.ofMillis(1500), 10);
        Process first = launch("run", "-c", config.toString());
        awaitLine(first, "listbridge daemon running");
        DaemonIT.await(Duration.ofSeconds(60), () -> !sandbox.members(h.list).isEmpty());
        first.destroyForcibly(); // SIGKILL between two batches of the drain
        first.waitFor(10, TimeUnit.SECONDS);
        int pushedBeforeKill = sandbox.members(h.list).size();
        System.out.printf("%d of 1200 members pushed when the daemon was killed%n", pushedBeforeKill);
        assertThat(pushedBeforeKill).isLessThan(1200);

        Process restarted = launch("run", "-c", config.toString());
        awaitLine(restarted, "listbridge daemon running");
        DaemonIT.await(Duration.ofSeconds(60), () -> sandbox.members(h.list).size() == 1200);
        try (var store = dev.listbridge.store.StateStore.open(h.wiring().config().stateUrl())) {
            DaemonIT.await(Duration.ofSeconds(30), () -> store.read(tx -> tx.outbox().countPending("newsletter")) == 0);
        }
        restarted.destroy();
        assertThat(restarted.waitFor(35, TimeUnit.SECONDS)).isTrue();
        try (var store = dev.listbridge.store.StateStore.open(h.wiring().config().stateUrl())) {
            long pending = store.read(tx -> tx.outbox().countPending("newsletter"));
            long dead = store.read(tx -> tx.outbox().countDead("newsletter"));
            assertThat(pending + dead).isZero();
        }
        assertThat(sandbox.members(h.list)).hasSize(1200).allMatch(member -> member.status().equals("subscribed"));
        long batchCalls = sandbox.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/3.0/lists/" + h.list)).count();
        assertThat(batchCalls).as("3 batches of at most 500, the one in flight at the kill sent again at most once")
                .isLessThanOrEqualTo(4);
    }

    String output(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void webhooks_install_registers_once_and_prints_the_signing_secret_and_inbox_replay_marks_receipts() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        h.customer(1, "anna@example.com", true, "retail");
        h.audience("webhookSecret: s3cret-path");
        h.top("server:\n  listen: 127.0.0.1:" + port + "\n  publicUrl: http://127.0.0.1:" + port + "\n");
        Path config = h.configFile();
        Process daemon = launch("run", "-c", config.toString());
        awaitLine(daemon, "listbridge daemon running");
        try {
            Process install = launch("webhooks", "install", "-c", config.toString());
            String first = output(install);
            assertThat(install.exitValue()).as(first).isZero();
            assertThat(first).contains("newsletter: webhook", " registered at http://127.0.0.1:" + port
                    + "/hooks/mailchimp/newsletter/****", "signing secret (shown once");
            assertThat(first).doesNotContain("s3cret-path");
            Process again = launch("webhooks", "install", "-c", config.toString());
            assertThat(output(again)).contains("already registered");
            assertThat(sandbox.webhooks(h.list)).hasSize(1);

            DaemonIT.await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            sandbox.unsubscribe(h.list, "anna@example.com", "manual");
            DaemonIT.await(Duration.ofSeconds(10), () -> !h.newsletter(1));
            Process replay = launch("inbox", "replay", "-c", config.toString());
            String replayed = output(replay);
            assertThat(replay.exitValue()).as(replayed).isZero();
            assertThat(replayed).contains("1 webhook receipt(s) marked for processing");
        } finally {
            daemon.destroy();
            daemon.waitFor(35, TimeUnit.SECONDS);
        }
    }
}
