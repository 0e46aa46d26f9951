package dev.listbridge.mailchimp.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.listbridge.spi.ConnectorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for the Mailchimp API, for unit tests of parsing and classification: each
 * {@code "METHOD /path"} answers with the responders queued for it (the last one repeats).
 */
final class StubMailchimp implements AutoCloseable {

    static final String API_KEY = "0123456789abcdef0123456789abcdef-us6";

    /** One request as the stub saw it. */
    record Seen(String method, String path, Map<String, String> query, Map<String, List<String>> headers, String body) {
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> routes = new HashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    StubMailchimp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/3.0";
    }

    MailchimpConfig config() {
        return config(1000);
    }

    MailchimpConfig config(int pageSize) {
        return MailchimpConfig.from(Map.of("apiKey", API_KEY, "baseUrl", baseUrl(), "pageSize", Integer.toString(pageSize)));
    }

    static ConnectorContext context(String name) {
        return new ConnectorContext(name, Map.of(), Clock.systemUTC(), Duration.ofSeconds(2));
    }

    /** Queues answers for {@code "METHOD /path"} (path below /3.0). */
    synchronized StubMailchimp on(String route, Responder... responders) {
        Deque<Responder> queue = routes.computeIfAbsent(route, key -> new ArrayDeque<>());
        queue.addAll(List.of(responders));
        return this;
    }

    static Responder json(int status, String body) {
        return exchange -> send(exchange, status, body, Map.of("Content-Type", "application/json"));
    }

    static Responder problem(int status, String title, String detail) {
        String body = "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"instance\":\"abc\"}";
        return exchange -> send(exchange, status, body, Map.of("Content-Type", "application/problem+json"));
    }

    static Responder withHeader(int status, String header, String value) {
        return exchange -> send(exchange, status, "", Map.of(header, value));
    }

    List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    static void send(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring("/3.0".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), path, query(exchange.getRequestURI().getRawQuery()),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Responder responder;
        synchronized (this) {
            Deque<Responder> queue = routes.get(exchange.getRequestMethod() + " " + path);
            responder = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (responder == null) {
            problem(404, "Resource Not Found", "The requested resource could not be found.").respond(exchange);
        } else {
            responder.respond(exchange);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
