package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.sandbox.SandboxClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults and the 10-connection limit, as a real HTTP client sees them. */
class FaultsTest {
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private String listId;

    @BeforeEach
    void start() {
        sandbox = MailchimpSandbox.start(0);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", false);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void too_many_requests_comes_with_retry_after_for_the_next_n_matching_requests_only() {
        sandbox.faults().tooManyRequests("GET", "/lists/[^/]+/members", Duration.ofSeconds(3), 2);

        Answer first = client.get("/lists/" + listId + "/members");
        Answer other = client.get("/ping");
        Answer second = client.get("/lists/" + listId + "/members");
        Answer third = client.get("/lists/" + listId + "/members");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.raw().headers().firstValue("Retry-After")).contains("3");
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.json().get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(other.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
        assertThat(sandbox.faults().pending()).isZero();
    }

    @Test
    void server_errors_are_answered_in_the_order_they_were_added_and_can_be_cleared() {
        sandbox.faults().respondWith(null, "/ping", 503, 1).respondWith("*", "/3.0/ping", 502, 1).respondWith("GET", "/ping", 500, 5);

        assertThat(client.get("/ping").status()).isEqualTo(503);
        assertThat(client.get("/ping").status()).isEqualTo(502);
        assertThat(client.get("/ping").status()).isEqualTo(500);
        sandbox.faults().clear();
        assertThat(client.get("/ping").status()).isEqualTo(200);
    }

    @Test
    void a_reset_connection_is_an_io_exception_and_the_request_is_not_processed() {
        sandbox.faults().resetConnection("POST", "/lists/.*/members", 1);

        assertThatThrownBy(() -> client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}"))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        assertThat(sandbox.member(listId, "a@example.com")).isEmpty();
        assertThat(sandbox.requests()).singleElement().extracting(RecordedRequest::status).isEqualTo(RecordedRequest.NO_RESPONSE);
        assertThat(client.get("/ping").status()).isEqualTo(200);
    }

    @Test
    void a_truncated_body_fails_while_reading_but_the_change_was_made() {
        sandbox.faults().truncateBody("POST", "/lists/.*/members", 1);

        assertThatThrownBy(() -> client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}"))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sandbox.member(listId, "a@example.com")).isPresent();
    }

    @Test
    void a_delay_longer_than_the_client_timeout_times_the_client_out() {
        sandbox.faults().delay("GET", "/ping", Duration.ofSeconds(3), 1);

        assertThatThrownBy(() -> client.send(client.request("GET", "/ping", null).timeout(Duration.ofMillis(300)).build()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(client.get("/ping").status()).isEqualTo(200);
    }

    @Test
    void a_delayed_answer_times_the_client_out_after_the_change_was_made() {
        sandbox.faults().delayAnswer("POST", "/lists/.*/members", Duration.ofSeconds(3), 1);

        assertThatThrownBy(() -> client.send(client.request("POST", "/lists/" + listId + "/members",
                "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}").timeout(Duration.ofMillis(300)).build()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.member(listId, "a@example.com")).isPresent();
        assertThat(sandbox.faults().pending()).isZero();
    }

    @Test
    void the_eleventh_concurrent_request_gets_429_and_slots_are_given_back() throws Exception {
        sandbox.faults().delay("GET", "/ping", Duration.ofMillis(1500), 10);
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int index = 0; index < 10; index++) {
            slow.add(client.http().sendAsync(client.request("GET", "/ping", null).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sandbox.inFlightRequests() < 10 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        Answer eleventh = client.get("/ping");

        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.json().get("title").asText()).isEqualTo("Too Many Requests");
        for (CompletableFuture<HttpResponse<String>> request : slow) {
            assertThat(request.get().statusCode()).isEqualTo(200);
        }
        assertThat(sandbox.inFlightRequests()).isZero();
        assertThat(client.get("/ping").status()).isEqualTo(200);
    }
}
