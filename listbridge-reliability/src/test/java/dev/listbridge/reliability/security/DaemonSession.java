package dev.listbridge.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.reliability.crash.CliProcess;
import dev.listbridge.reliability.daemon.MailchimpHooks;
import dev.listbridge.reliability.daemon.RawHttp;
import dev.listbridge.reliability.daemon.RawHttp.Answer;
import dev.listbridge.reliability.daemon.RawHttp.Request;
import dev.listbridge.testing.JavaProcess;
import dev.listbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One session of {@code listbridge run} for {@link SecretsIT}: started in its own JVM, driven through a cycle,
 * webhooks (valid, and with a wrong path secret, no, forged or wrongly keyed signature, credentials in headers
 * that must not be stored), the admin API (with the token; without it, with a wrong one, as HTTP Basic, as a
 * query parameter: 401 as docs/DAEMON.md says), health and metrics, then stopped with SIGTERM. Returns every
 * answer (head and body) and the daemon's whole output, for the search for secrets.
 */
final class DaemonSession {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    private final Path folder;
    private final String name;
    private final Map<String, String> environment;
    private final Path config;
    private final int port;
    private final TestDatabase crm;
    private final String list;
    private final int contact;
    private final String token;
    private final List<String> captured = new ArrayList<>();

    DaemonSession(Path folder, String name, Map<String, String> environment, Path config, int port, TestDatabase crm,
                  String list, int contact) {
        this.folder = folder;
        this.name = name;
        this.environment = environment;
        this.config = config;
        this.port = port;
        this.crm = crm;
        this.list = list;
        this.contact = contact;
        this.token = environment.get("ADMIN_TOKEN");
    }

    List<String> run() {
        try (JavaProcess daemon = CliProcess.start(folder, "daemon-secrets-" + name, environment, "run", "-c", config.toString())) {
            daemon.awaitOutput("listbridge daemon running", Duration.ofSeconds(60));
            await(() -> cycleDone(call("GET", "/api/status", bearer(token))));
            admin();
            webhooks();
            await(() -> !newsletter(contact));
            assertThat(call("POST", "/api/audiences/newsletter/cycle", bearer(token)).status()).isEqualTo(202);
            await(() -> cycleDone(call("GET", "/api/status", bearer(token))));
            for (String path : List.of("/health", "/health/ready", "/metrics")) {
                assertThat(call("GET", path, List.of()).status()).as(path).isEqualTo(200);
            }
            assertThat(call("GET", "/api/runs?limit=20", bearer(token)).status()).isEqualTo(200);
            int exit = daemon.stop(Duration.ofSeconds(35));
            captured.add("the daemon (" + name + "), exit " + exit + ":\n" + daemon.output());
            assertThat(exit).as("SIGTERM ends the daemon with exit 0:\n%s", daemon.output()).isZero();
        }
        return captured;
    }

    /** The admin API: every call answers with the token, and refuses without it or with a wrong one (401). */
    private void admin() {
        List<String[]> calls = List.of(new String[] {"GET", "/api/status"}, new String[] {"GET", "/api/runs"},
                new String[] {"GET", "/api/contacts/" + contact + "/timeline"},
                new String[] {"GET", "/api/audiences/newsletter/dead-letters"},
                new String[] {"POST", "/api/audiences/newsletter/dead-letters/retry"},
                new String[] {"POST", "/api/audiences/newsletter/release"},
                new String[] {"POST", "/api/audiences/newsletter/cycle"});
        String basic = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
        List<List<Map.Entry<String, String>>> wrong = List.of(List.of(), bearer(token + "x"), bearer(token.substring(1)),
                bearer(""), RawHttp.headers("Authorization", token), RawHttp.headers("Authorization", "Basic " + basic),
                RawHttp.headers("Authorization", "bearer " + token.toUpperCase(java.util.Locale.ROOT)),
                RawHttp.headers("X-Admin-Token", token));
        for (String[] call : calls) {
            for (List<Map.Entry<String, String>> headers : wrong) {
                Answer answer = call(call[0], call[1], headers);
                assertThat(answer.status()).as("%s %s with %s", call[0], call[1], describe(headers)).isEqualTo(401);
                assertThat(answer.head()).as("a 401 names the scheme").containsIgnoringCase("WWW-Authenticate: Bearer");
            }
            Answer query = call(call[0], call[1] + "?token=" + token + "&access_token=" + token, List.of());
            assertThat(query.status()).as("%s %s with the token in the query", call[0], call[1]).isEqualTo(401);
            assertThat(call(call[0], call[1], bearer(token)).status()).as("%s %s with the token", call[0], call[1])
                    .isIn(200, 202, 409);
        }
        assertThat(call("GET", "/api/openapi.json", List.of()).status()).isEqualTo(200);
    }

    /** A valid signed unsubscribe is accepted; a wrong path secret, a missing, forged or wrongly keyed signature are not. */
    private void webhooks() {
        String email = crmEmail(contact);
        byte[] body = MailchimpHooks.form(MailchimpHooks.unsubscribe(list, email, "manual", Instant.now()))
                .getBytes(StandardCharsets.UTF_8);
        String secret = environment.get("WEBHOOK_SECRET");
        String signing = environment.get("SIGNING_SECRET");
        long now = Instant.now().getEpochSecond();
        String valid = MailchimpHooks.signature(signing, now, body);
        String hook = "/hooks/mailchimp/newsletter/";
        assertThat(post(hook + secret + "x", body, valid, List.of()).status()).as("wrong path secret").isEqualTo(401);
        assertThat(post(hook + secret.substring(0, 6), body, valid, List.of()).status()).as("a prefix of it").isEqualTo(401);
        assertThat(post(hook + "****", body, valid, List.of()).status()).as("the mask").isEqualTo(401);
        assertThat(post(hook + secret, body, null, List.of()).status()).as("no signature").isEqualTo(401);
        assertThat(post(hook + secret, body, "t=" + now + ",v1=" + "0".repeat(64), List.of()).status()).as("forged").isEqualTo(401);
        assertThat(post(hook + secret, body, MailchimpHooks.signature(signing + "x", now, body), List.of()).status())
                .as("signed with another secret").isEqualTo(401);
        assertThat(post(hook + secret, body, MailchimpHooks.signature(secret, now, body), List.of()).status())
                .as("signed with the path secret").isEqualTo(401);
        assertThat(call("GET", hook + secret + "x", List.of()).status()).as("validation GET, wrong secret").isEqualTo(401);
        assertThat(call("GET", hook + secret, List.of()).status()).as("Mailchimp's validation GET").isEqualTo(200);
        assertThat(post(hook + secret, body, valid, List.of()).status()).as("the valid webhook").isEqualTo(200);
        // delivered again, with credentials in headers a proxy might add: accepted, the headers not stored
        assertThat(post(hook + secret, body, valid, RawHttp.headers("Authorization", "Bearer " + token, "Cookie",
                "session=" + environment.get("MAILCHIMP_API_KEY"), "Proxy-Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(("anystring:" + environment.get("CRM_PASSWORD")).getBytes(StandardCharsets.UTF_8))))
                .status()).as("the same webhook again").isEqualTo(200);
    }

    private Answer post(String path, byte[] body, String signature, List<Map.Entry<String, String>> more) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(RawHttp.headers("Content-Type", MailchimpHooks.FORM));
        if (signature != null) {
            headers.add(Map.entry(MailchimpHooks.SIGNATURE, signature));
        }
        headers.addAll(more);
        return exchange(new Request("POST", path, headers, body, false));
    }

    private Answer call(String method, String path, List<Map.Entry<String, String>> headers) {
        return exchange(new Request(method, path, headers, method.equals("POST") ? new byte[0] : null, false));
    }

    private Answer exchange(Request request) {
        Answer answer = RawHttp.send(port, request, ANSWER_WITHIN);
        captured.add("answer to " + request.method() + " (" + name + "):\n" + answer.head() + "\n\n" + answer.body());
        assertThat(answer.status()).as("an answer to %s", request.method()).isNotZero();
        return answer;
    }

    private static List<Map.Entry<String, String>> bearer(String token) {
        return RawHttp.headers("Authorization", "Bearer " + token);
    }

    /** Headers for a message, the secret values replaced by their length. */
    private static String describe(List<Map.Entry<String, String>> headers) {
        return headers.isEmpty() ? "no credentials" : headers.stream().map(h -> h.getKey() + " (" + h.getValue().length() + " chars)")
                .toList().toString();
    }

    private static boolean cycleDone(Answer status) {
        return status.body().contains("\"outcome\":\"done\"") && status.body().contains("\"running\":false");
    }

    private boolean newsletter(int id) {
        return query("SELECT newsletter FROM customers WHERE id = " + id).equals("t")
                || query("SELECT newsletter FROM customers WHERE id = " + id).equals("true");
    }

    private String crmEmail(int id) {
        return query("SELECT email FROM customers WHERE id = " + id);
    }

    private String query(String sql) {
        try (Connection connection = crm.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
