package dev.listbridge.daemon;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's HTTP server: webhooks, admin API, health and metrics. */
final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    static HttpServer start(String host, int port, WebhookEndpoint webhooks, AdminApi admin, Health health,
                            DaemonMetrics metrics) {
        String openApi = resource("/openapi.json");
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Bodies over 1 MiB are refused before they are read (webhooks are small; the admin API takes none).
            config.http.maxRequestSize = WebhookEndpoint.MAX_BODY;
            QueuedThreadPool threads = new QueuedThreadPool(32, 2);
            threads.setName("listbridge-http");
            config.jetty.threadPool = threads;
            config.requestLogger.http((ctx, ms) -> LOG.debug("{} {} -> {} in {} ms", ctx.method(), masked(ctx.path()),
                    ctx.status().getCode(), Math.round(ms)));
            config.routes.addHttpHandler(HandlerType.GET, "/hooks/{tool}/{audience}/{secret}", webhooks::handle);
            config.routes.addHttpHandler(HandlerType.POST, "/hooks/{tool}/{audience}/{secret}", webhooks::handle);
            config.routes.get("/health", health::live);
            config.routes.get("/health/ready", health::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.before("/api/*", admin::authorize);
            config.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/api/status", admin::status);
            config.routes.get("/api/runs", admin::runs);
            config.routes.get("/api/contacts/{key}/timeline", admin::timeline);
            config.routes.get("/api/audiences/{audience}/dead-letters", admin::deadLetters);
            config.routes.post("/api/audiences/{audience}/dead-letters/retry", admin::retryDeadLetters);
            config.routes.post("/api/audiences/{audience}/release", admin::release);
            config.routes.post("/api/audiences/{audience}/cycle", admin::cycleNow);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed: {}", ctx.method(), masked(ctx.path()), e.toString(), e);
                AdminApi.json(ctx, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    AdminApi.json(ctx, 404, Map.of("error", "no such endpoint: " + ctx.method() + " " + masked(ctx.path())));
                }
            });
            config.routes.error(413, ctx -> AdminApi.json(ctx, 413, Map.of("error", "body larger than "
                    + WebhookEndpoint.MAX_BODY + " bytes")));
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            throw new DaemonStartException("cannot listen on " + host + ":" + port + " (server.listen): " + rootMessage(e), e);
        }
        return new HttpServer(app);
    }

    /** Webhook paths carry a secret: logs show only its first characters' place. */
    static String masked(String path) {
        if (path.startsWith("/hooks/")) {
            String[] parts = path.split("/", -1);
            if (parts.length >= 5) {
                parts[4] = "****";
                return String.join("/", parts);
            }
        }
        return path;
    }

    int port() {
        return app.port();
    }

    private static String resource(String name) {
        try (InputStream in = HttpServer.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        app.stop();
    }
}
