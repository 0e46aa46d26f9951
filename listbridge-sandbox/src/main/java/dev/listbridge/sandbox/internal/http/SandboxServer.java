package dev.listbridge.sandbox.internal.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.compression.CompressionStrategy;
import java.util.List;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Javalin (Jetty 12) server: {@code /3.0/...} to the API gateway, {@code /_sandbox/...} to the control API. */
public final class SandboxServer {
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final Javalin app;

    private SandboxServer(Javalin app) {
        this.app = app;
    }

    /** Binds 127.0.0.1 only: the sandbox has one fixed key and is not meant to be reachable from elsewhere. */
    public static SandboxServer start(int port, Handler api, Handler control) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Batches of 500 members must fit; Javalin's default is 1 MB.
            config.http.maxRequestSize = 32L * 1024 * 1024;
            // Answers are written byte-exact (truncation faults count bytes): no compression.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            QueuedThreadPool threads = new QueuedThreadPool(64, 4);
            threads.setName("listbridge-sandbox-http");
            config.jetty.threadPool = threads;
            for (HandlerType method : METHODS) {
                config.routes.addHttpHandler(method, "/3.0", api);
                config.routes.addHttpHandler(method, "/3.0/*", api);
                config.routes.addHttpHandler(method, "/_sandbox/*", control);
            }
            // Paths outside /3.0 and /_sandbox get Mailchimp's 404 too, not Javalin's plain text.
            config.routes.error(404, "*", ctx -> {
                String contentType = ctx.res().getContentType();
                if (contentType == null || !contentType.startsWith("application/problem+json")) {
                    ctx.contentType(ApiReply.PROBLEM_JSON).result(ApiReply.problem(ApiProblem.notFound()).body());
                }
            });
        });
        app.start("127.0.0.1", port);
        return new SandboxServer(app);
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
