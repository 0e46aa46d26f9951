package dev.listbridge.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.listbridge.spi.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Listbridge's webhook endpoint on 127.0.0.1: answers every request with 200 (so a tool's
 * URL validation passes) and keeps each one, raw, as the {@link WebhookRequest} the runtime would hand to
 * {@link dev.listbridge.spi.ToolConnector#parseWebhook}. For tests of connectors and of the simulator.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;
    private final Clock clock;
    private final BlockingQueue<WebhookRequest> received = new LinkedBlockingQueue<>();

    private WebhookReceiver(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.threads = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("listbridge-tck-webhook-receiver").daemon(true).factory());
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port; {@code clock} stamps {@link WebhookRequest#receivedAt()}. */
    public static WebhookReceiver start(Clock clock) {
        try {
            return new WebhookReceiver(clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver on 127.0.0.1", e);
        }
    }

    /** The URL of a path on this receiver, e.g. {@code url("/hooks/tool/audience/secret")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request received, waiting up to {@code timeout}; null when none came. */
    public WebhookRequest next(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next request with this method (others received meanwhile are dropped); null when none came in time. */
    public WebhookRequest next(String method, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = timeout.toNanos();
        while (left > 0) {
            WebhookRequest request = next(Duration.ofNanos(left));
            if (request == null || request.method().equals(method)) {
                return request;
            }
            left = deadline - System.nanoTime();
        }
        return null;
    }

    /** What has been received and not yet taken, oldest first; taken now. */
    public List<WebhookRequest> drain() {
        List<WebhookRequest> requests = new ArrayList<>();
        received.drainTo(requests);
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.getLast());
                }
            });
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            received.add(new WebhookRequest(exchange.getRequestMethod(), url(exchange.getRequestURI().toString()), contentType,
                    headers, body, clock.instant()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
