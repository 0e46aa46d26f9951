package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RetriableException;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the connector: authentication, Mailchimp's connection limit, and the
 * classification of failures into the SPI's exceptions. It never retries.
 *
 * <ul>
 *   <li>401, 403: {@link PermanentException} (check the API key);</li>
 *   <li>408, 429, 500, 502, 503, 504, I/O errors, timeouts, and an unreadable body on a 2xx:
 *       {@link RetriableException}, with Retry-After when the tool sent one; {@link RetriableException#notCarriedOut()}
 *       for 408, 429, 503 and a connection never made (the others may fail after the change was made),
 *       {@link RetriableException#answerLost} for a 2xx whose body was cut or is not complete (the change was
 *       made);</li>
 *   <li>other 4xx are returned to the caller, which knows whether they concern one record
 *       ({@link #send}) or the whole call ({@link #call}: {@link PermanentException});</li>
 *   <li>anything else (other 5xx, redirects): {@link PermanentException}.</li>
 * </ul>
 * Messages name the tool, the call and Mailchimp's problem text; the API key is masked everywhere.
 */
public final class MailchimpHttp implements AutoCloseable {

    /** Mailchimp allows 10 simultaneous connections per user. */
    public static final int MAX_CONNECTIONS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(MailchimpHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIABLE = Set.of(408, 429, 500, 502, 503, 504);
    /**
     * Answers that say the request was not handled (RFC 9110 15.5.9 and 15.6.4, RFC 6585 4: a request timed out
     * before it was read, too many requests, unable to handle it). A 500, 502 or 504 says only that something
     * failed on the way, which may be after the change was made.
     */
    private static final Set<Integer> NOT_HANDLED = Set.of(408, 429, 503);

    private final String toolName;
    private final URI baseUri;
    private final String apiKey;
    private final String authorization;
    private final Duration timeout;
    private final Clock clock;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS, true);
    private final ExecutorService executor;
    private final HttpClient client;
    private volatile boolean closed;

    public MailchimpHttp(MailchimpConfig config, ConnectorContext context) {
        this.toolName = context.name();
        this.baseUri = config.baseUri();
        this.apiKey = config.apiKey();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("listbridge:" + config.apiKey()).getBytes(StandardCharsets.UTF_8));
        this.timeout = config.timeout() != null ? config.timeout() : context.requestTimeout();
        this.clock = context.clock();
        this.executor = Executors.newCachedThreadPool(daemonThreads("listbridge-mailchimp-" + context.name() + "-"));
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Makes a call whose failure concerns the whole call, and reads the JSON answer.
     *
     * @param audienceId the audience the path names, for a "not found" message; null if none
     * @throws PermanentException for any 4xx, "audience ... not found" for a 404 on an audience
     */
    public JsonNode call(ApiRequest request, String audienceId) {
        ApiResponse response = send(request);
        if (!response.successful()) {
            throw failure(request, response, audienceId);
        }
        return json(request, response);
    }

    /** Sends one request, holding one of the {@link #MAX_CONNECTIONS} connections while it runs. */
    public ApiResponse send(ApiRequest request) {
        HttpRequest httpRequest = build(request);
        acquire(request);
        StatusLine statusLine = new StatusLine();
        try {
            HttpResponse<String> response = client.send(httpRequest, statusLine);
            return classify(request, response);
        } catch (IOException e) {
            throw ioFailure(request, e, statusLine.status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException(prefix(request) + "interrupted", e);
        } finally {
            connections.release();
        }
    }

    /**
     * Sends one request without waiting for the answer. Blocks while all connections are busy; the
     * future fails with the same exceptions {@link #send} throws.
     */
    public CompletableFuture<ApiResponse> sendAsync(ApiRequest request) {
        HttpRequest httpRequest = build(request);
        acquire(request);
        CompletableFuture<HttpResponse<String>> pending;
        StatusLine statusLine = new StatusLine();
        try {
            pending = client.sendAsync(httpRequest, statusLine);
        } catch (RuntimeException e) {
            connections.release();
            throw e;
        }
        return pending.handle((response, failure) -> {
            connections.release();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof IOException io) {
                    throw ioFailure(request, io, statusLine.status);
                }
                throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
            }
            return classify(request, response);
        });
    }

    /** The JSON of a successful answer; an empty body is a missing node. */
    public JsonNode json(ApiRequest request, ApiResponse response) {
        if (response.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            // only successful answers are read (every caller checks first): the tool handled the call
            throw RetriableException.answerLost(prefix(request) + "answered " + response.status()
                    + " with a body that is not complete JSON (" + e.getOriginalMessage() + ")", response.status(), null);
        }
    }

    /** The exception for an unsuccessful whole-request call. */
    public PermanentException failure(ApiRequest request, ApiResponse response, String audienceId) {
        if (response.status() == 404 && audienceId != null) {
            return new PermanentException("Mailchimp (tool '" + toolName + "'): audience " + audienceId
                    + " not found (" + request + ": " + mask(response.problem()) + ")", 404);
        }
        return new PermanentException(prefix(request) + "refused with " + response.status() + ": "
                + mask(response.problem()), response.status());
    }

    /** The tool's text for an error that concerns one record, secrets masked. */
    public String toolText(ApiResponse response) {
        return mask(response.detail());
    }

    /** Removes the API key from any text the tool sent back. */
    public String mask(String text) {
        return text == null || apiKey.isEmpty() ? text : text.replace(apiKey, "****");
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        client.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest build(ApiRequest request) {
        if (closed) {
            throw new IllegalStateException("Mailchimp connector '" + toolName + "' is closed");
        }
        String query = request.queryString();
        URI uri = URI.create(baseUri + request.path() + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body().toString(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", "listbridge-mailchimp")
                .method(request.method(), body);
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    private void acquire(ApiRequest request) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException(prefix(request) + "interrupted while waiting for a free connection", e);
        }
    }

    private ApiResponse classify(ApiRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        LOG.debug("Mailchimp '{}': {} -> {}", toolName, request, status);
        // Micrometer's global registry: a no-op in one-off commands, the daemon's /metrics when it runs.
        Metrics.counter("listbridge.tool.http.responses", "tool", toolName, "status", Integer.toString(status)).increment();
        ApiResponse answer = new ApiResponse(status, response.body());
        if (status == 401 || status == 403) {
            throw new PermanentException("Mailchimp (tool '" + toolName + "') refused the credentials with " + status
                    + " (" + mask(answer.problem()) + "): check the API key and that it belongs to this data centre", status);
        }
        if (RETRIABLE.contains(status)) {
            throw new RetriableException(prefix(request) + "answered " + status + " (" + mask(answer.problem()) + ")",
                    status, retryAfter(response).orElse(null), null, NOT_HANDLED.contains(status));
        }
        if (status >= 200 && status < 300 || status >= 400 && status < 500) {
            return answer;
        }
        throw new PermanentException(prefix(request) + "answered " + status + " (" + mask(answer.problem()) + ")", status);
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notADate) {
                    LOG.debug("Mailchimp '{}': ignoring a Retry-After that is neither seconds nor a date: {}", toolName, value);
                    return Optional.empty();
                }
            }
        });
    }

    /** @param answered the status line's code if the answer had begun to arrive, else 0 */
    private RetriableException ioFailure(ApiRequest request, IOException e, int answered) {
        if (closed) {
            throw new IllegalStateException("Mailchimp connector '" + toolName + "' is closed", e);
        }
        if (answered >= 200 && answered < 300) {
            // Mailchimp answers once it has handled the call: the change is made, only what the answer says is lost
            return RetriableException.answerLost(prefix(request) + "answered " + answered + ", then the answer was lost: "
                    + mask(describe(e)), answered, e);
        }
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            // no connection, so no request: nothing reached Mailchimp
            return new RetriableException(prefix(request) + "failed: " + mask(describe(e)), 0, null, e, true);
        }
        if (e instanceof HttpTimeoutException) {
            return new RetriableException(prefix(request) + "no answer within " + timeout.toSeconds() + " s", e);
        }
        return new RetriableException(prefix(request) + "failed: " + mask(describe(e)), e);
    }

    /** The most telling words of an I/O failure; the JDK often leaves the outer message empty (host unreachable). */
    private static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String what = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + what + " (the connection to the API host failed or was cut)";
    }

    /**
     * Reads the body as text and remembers the answer's status line when it arrives, so that a failure while the
     * body is read can tell an answer cut short from no answer at all.
     */
    private static final class StatusLine implements HttpResponse.BodyHandler<String> {
        private volatile int status;

        @Override
        public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            return HttpResponse.BodyHandlers.ofString().apply(info);
        }
    }

    private String prefix(ApiRequest request) {
        return "Mailchimp (tool '" + toolName + "') " + request + ": ";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
