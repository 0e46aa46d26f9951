package dev.listbridge.mailchimp.internal;

import static dev.listbridge.mailchimp.internal.StubMailchimp.json;
import static dev.listbridge.mailchimp.internal.StubMailchimp.problem;
import static dev.listbridge.mailchimp.internal.StubMailchimp.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RetriableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailchimpHttpTest {

    private final StubMailchimp stub = new StubMailchimp();
    private final MailchimpHttp http = new MailchimpHttp(stub.config(), StubMailchimp.context("crm-news"));
    private final ApiRequest ping = ApiRequest.get("/ping", Map.of());

    MailchimpHttpTest() throws Exception {
    }

    @AfterEach
    void close() {
        http.close();
        stub.close();
    }

    @Test
    void requests_carry_basic_auth_with_the_api_key() {
        stub.on("GET /ping", json(200, "{\"health_status\":\"Everything's Chimpy!\"}"));

        assertThat(http.call(ping, null).path("health_status").asText()).isEqualTo("Everything's Chimpy!");

        String expected = "Basic " + Base64.getEncoder().encodeToString(("listbridge:" + StubMailchimp.API_KEY).getBytes(StandardCharsets.UTF_8));
        assertThat(stub.seen.get(0).headers().get("Authorization")).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void refused_credentials_are_permanent_and_never_show_the_key(int status) {
        stub.on("GET /ping", problem(status, "API Key Invalid", "Your API key " + StubMailchimp.API_KEY + " may be invalid"));

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(PermanentException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.getMessage()).contains("crm-news", "check the API key").doesNotContain(StubMailchimp.API_KEY);
        });
    }

    @Test
    void rate_limit_is_retriable_with_retry_after_seconds() {
        stub.on("GET /ping", withHeader(429, "Retry-After", "7"));

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.notCarriedOut()).isTrue(); // refused before any work
        });
    }

    @Test
    void retry_after_as_a_date_is_read_against_the_clock() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        try (MailchimpHttp clocked = new MailchimpHttp(stub.config(), new dev.listbridge.spi.ConnectorContext(
                "crm-news", Map.of(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(2)))) {
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
            stub.on("GET /ping", withHeader(503, "Retry-After", date));

            assertThatThrownBy(() -> clocked.call(ping, null)).isInstanceOfSatisfying(RetriableException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void server_errors_are_retriable_with_their_status(int status) {
        stub.on("GET /ping", problem(status, "Internal Server Error", "try again"));

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.retryAfter()).isEmpty();
            // 408 and 503 say the request was not handled; a 500, 502 or 504 may come after the change was made
            assertThat(e.notCarriedOut()).isEqualTo(status == 408 || status == 503);
        });
    }

    @Test
    void unparseable_json_on_success_is_retriable() {
        stub.on("GET /ping", json(200, "{\"members\": [{\"id\": "));

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.carriedOut()).isTrue(); // a 2xx: Mailchimp had handled the call
        });
    }

    @Test
    void truncated_body_is_retriable() {
        answerPingCutShort(200);

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.notCarriedOut()).isFalse();
            assertThat(e.carriedOut()).isTrue(); // answered 200, then cut: the change was made, what the answer says is lost
            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.getMessage()).contains("answered 200, then the answer was lost");
        });
    }

    @Test
    void truncated_body_of_a_5xx_leaves_open_whether_the_call_was_carried_out() {
        answerPingCutShort(502);

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.notCarriedOut()).isFalse();
            assertThat(e.carriedOut()).isFalse(); // a gateway's answer: the call may still run behind it
        });
    }

    /** The ping answered with {@code status} and a body announced at 1,000 bytes, the connection closed after 8. */
    private void answerPingCutShort(int status) {
        stub.on("GET /ping", exchange -> {
            exchange.sendResponseHeaders(status, 1000);
            exchange.getResponseBody().write("{\"title".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close();
        });
    }

    @Test
    void reset_connection_is_retriable() {
        stub.on("GET /ping", exchange -> exchange.close());

        assertThatThrownBy(() -> http.call(ping, null)).isInstanceOfSatisfying(RetriableException.class, e -> {
            assertThat(e.httpStatus()).isZero();
            assertThat(e.notCarriedOut()).isFalse(); // the request was sent: the client cannot know how far it got
            assertThat(e.carriedOut()).isFalse();
        });
    }

    @Test
    void a_connection_never_made_is_retriable_and_not_carried_out() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MailchimpHttp nowhere = new MailchimpHttp(MailchimpConfig.from(Map.of("apiKey", StubMailchimp.API_KEY,
                "baseUrl", "http://127.0.0.1:" + closedPort + "/3.0")), StubMailchimp.context("crm-news"))) {
            assertThatThrownBy(() -> nowhere.call(ping, null)).isInstanceOfSatisfying(RetriableException.class,
                    e -> assertThat(e.notCarriedOut()).isTrue());
        }
    }

    @Test
    void timeout_is_retriable() {
        stub.on("GET /ping", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StubMailchimp.send(exchange, 200, "{}", Map.of());
        });
        try (MailchimpHttp impatient = new MailchimpHttp(
                MailchimpConfig.from(Map.of("apiKey", StubMailchimp.API_KEY, "baseUrl", stub.baseUrl(), "timeoutSeconds", "1")),
                StubMailchimp.context("crm-news"))) {
            assertThatThrownBy(() -> impatient.call(ping, null)).isInstanceOfSatisfying(RetriableException.class,
                    e -> assertThat(e.getMessage()).contains("within 1 s"));
        }
    }

    @Test
    void missing_audience_is_permanent_and_named() {
        ApiRequest request = ApiRequest.get("/lists/abc123", Map.of());

        assertThatThrownBy(() -> http.call(request, "abc123")).isInstanceOfSatisfying(PermanentException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).contains("audience abc123 not found");
        });
    }

    @Test
    void other_client_errors_on_whole_calls_are_permanent_with_mailchimps_words() {
        stub.on("POST /lists/abc123/merge-fields", problem(400, "Invalid Resource", "The tag is too long."));
        ApiRequest request = ApiRequest.post("/lists/abc123/merge-fields", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());

        assertThatThrownBy(() -> http.call(request, "abc123")).isInstanceOfSatisfying(PermanentException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("Invalid Resource: The tag is too long.");
        });
    }

    @Test
    void no_more_than_ten_requests_run_at_once() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        stub.on("GET /ping", exchange -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            StubMailchimp.send(exchange, 200, "{}", Map.of());
        });
        ExecutorService callers = Executors.newFixedThreadPool(25);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                calls.add(callers.submit(() -> http.call(ping, null)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(most.get()).isBetween(2, MailchimpHttp.MAX_CONNECTIONS);
    }

    @Test
    void closing_ends_the_threads_and_later_calls_fail() throws Exception {
        stub.on("GET /ping", json(200, "{}"));
        MailchimpHttp closing = new MailchimpHttp(stub.config(), StubMailchimp.context("closing-tool"));
        closing.call(ping, null);

        closing.close();

        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                .extracting(Thread::getName).noneMatch(name -> name.startsWith("listbridge-mailchimp-closing-tool-"));
        assertThatThrownBy(() -> closing.call(ping, null)).isInstanceOf(IllegalStateException.class);
    }
}
