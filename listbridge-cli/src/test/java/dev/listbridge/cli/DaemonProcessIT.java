package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code listbridge run} as its own process: signals, the owner lock across processes, crashes. */
class DaemonProcessIT extends StoryTest {

    private int launches;

    JavaProcess launch(String... args) {
        return JavaProcess.start(JavaProcess.ownClassPath(), "dev.listbridge.cli.Main", h.dir, "process-" + ++launches,
                Map.of("MAILCHIMP_API_KEY", sandbox.apiKey(), "CRM_PASSWORD", crm.password()), List.of(args));
    }

    /** Waits until the process printed a line containing {@code text}; returns everything printed. */
    static String awaitLine(JavaProcess process, String text) {
        return process.awaitOutput(text, Duration.ofSeconds(60));
    }

    @Test
    void sigterm_stops_the_daemon_with_exit_0_and_sigkill_leaves_no_lock_behind() throws Exception {
        h.customer(1, "anna@example.com", true, "retail");
        h.top("server:\n  listen: 127.0.0.1:0\n");
        Path config = h.configFile();

        JavaProcess first = launch("run", "-c", config.toString());
        awaitLine(first, "listbridge daemon running");
        // While it lives, a second daemon and a one-off sync refuse, naming it.
        JavaProcess second = launch("run", "-c", config.toString());
        int secondExit = second.awaitExit(Duration.ofSeconds(60));
        String refusal = second.stderr();
        assertThat(secondExit).as(refusal).isEqualTo(ExitCodes.FAILED);
        assertThat(refusal).contains("in use by listbridge run (pid " + first.pid());
        JavaProcess sync = launch("sync", "-c", config.toString());
        assertThat(sync.awaitExit(Duration.ofSeconds(60))).isEqualTo(ExitCodes.FAILED);

        long before = System.nanoTime();
        assertThat(first.stop(Duration.ofSeconds(35))).as("SIGTERM: stopped within 30 s with exit 0").isEqualTo(0);
        System.out.printf("daemon stopped %d ms after SIGTERM%n", (System.nanoTime() - before) / 1_000_000);

        JavaProcess crashed = launch("run", "-c", config.toString(), "--log-format", "json");
        String log = awaitLine(crashed, "listbridge daemon running");
        assertThat(log).contains("{\"");
        crashed.kill(); // SIGKILL
        assertThat(Files.exists(h.dir.resolve("state.lock"))).isTrue();

        JavaProcess restarted = launch("run", "-c", config.toString());
        awaitLine(restarted, "listbridge daemon running");
        assertThat(restarted.stop(Duration.ofSeconds(35))).isEqualTo(0);
        assertThat(h.status("anna@example.com")).isEqualTo("subscribed");
    }

    @Test
    void a_daemon_killed_in_the_middle_of_an_outbox_drain_resumes_without_loss_or_duplicates() throws Exception {
        // five batches: the first four are sent together, the fifth after them
        for (int i = 1; i <= 2400; i++) {
            h.customer(i, "c" + i + "@example.com", true, "retail");
        }
        h.top("server:\n  listen: 127.0.0.1:0\n");
        Path config = h.configFile();
        sandbox.faults().delay("POST", "/3.0/lists/" + h.list, Duration.ofMillis(1500), 10);
        JavaProcess first = launch("run", "-c", config.toString());
        awaitLine(first, "listbridge daemon running");
        DaemonIT.await(Duration.ofSeconds(60), () -> !sandbox.members(h.list).isEmpty());
        first.kill(); // SIGKILL in the middle of the drain
        int pushedBeforeKill = sandbox.members(h.list).size();
        System.out.printf("%d of 2400 members pushed when the daemon was killed%n", pushedBeforeKill);
        assertThat(pushedBeforeKill).isLessThan(2400);

        JavaProcess restarted = launch("run", "-c", config.toString());
        awaitLine(restarted, "listbridge daemon running");
        DaemonIT.await(Duration.ofSeconds(60), () -> sandbox.members(h.list).size() == 2400);
        try (var store = dev.listbridge.store.StateStore.open(h.wiring().config().stateUrl())) {
            DaemonIT.await(Duration.ofSeconds(30), () -> store.read(tx -> tx.outbox().countPending("newsletter")) == 0);
        }
        assertThat(restarted.stop(Duration.ofSeconds(35))).isEqualTo(0);
        try (var store = dev.listbridge.store.StateStore.open(h.wiring().config().stateUrl())) {
            long pending = store.read(tx -> tx.outbox().countPending("newsletter"));
            long dead = store.read(tx -> tx.outbox().countDead("newsletter"));
            assertThat(pending + dead).isZero();
        }
        assertThat(sandbox.members(h.list)).hasSize(2400).allMatch(member -> member.status().equals("subscribed"));
        long batchCalls = sandbox.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/3.0/lists/" + h.list)).count();
        assertThat(batchCalls).as("5 batches of at most 500, each under way or unacknowledged at the kill sent again at most once")
                .isLessThanOrEqualTo(10);
    }

    /** Waits for the process to end; returns its exit code and everything it printed. */
    String output(JavaProcess process) {
        int exit = process.awaitExit(Duration.ofSeconds(60));
        return "exit " + exit + "\n" + process.output();
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
        JavaProcess daemon = launch("run", "-c", config.toString());
        awaitLine(daemon, "listbridge daemon running");
        try {
            String first = output(launch("webhooks", "install", "-c", config.toString()));
            assertThat(first).startsWith("exit 0\n");
            assertThat(first).contains("newsletter: webhook", " registered at http://127.0.0.1:" + port
                    + "/hooks/mailchimp/newsletter/****", "signing secret (shown once");
            assertThat(first).doesNotContain("s3cret-path");
            assertThat(output(launch("webhooks", "install", "-c", config.toString()))).contains("already registered");
            assertThat(sandbox.webhooks(h.list)).hasSize(1);

            DaemonIT.await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            sandbox.unsubscribe(h.list, "anna@example.com", "manual");
            DaemonIT.await(Duration.ofSeconds(10), () -> !h.newsletter(1));
            String replayed = output(launch("inbox", "replay", "-c", config.toString()));
            assertThat(replayed).startsWith("exit 0\n");
            assertThat(replayed).contains("1 webhook receipt(s) marked for processing");
        } finally {
            daemon.stop(Duration.ofSeconds(35));
        }
    }
}
