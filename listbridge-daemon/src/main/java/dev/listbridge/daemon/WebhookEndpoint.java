package dev.listbridge.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /hooks/{tool}/{audience}/{secret}}: checks the path secret, lets the connector verify and
 * parse the request while the tool waits (so a forged or malformed request is refused and nothing is
 * stored), stores the raw receipt durably and answers. Processing happens later, in {@link InboxProcessor}.
 */
final class WebhookEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    static final int MAX_BODY = 1024 * 1024;
    /** The inbox's column for it is this wide; no tool sends a longer one. */
    private static final int MAX_CONTENT_TYPE = 200;
    /** Headers never stored: a tool does not need them to verify a receipt, and they may carry credentials. */
    private static final java.util.Set<String> DROPPED_HEADERS = java.util.Set.of("authorization", "cookie",
            "proxy-authorization");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListbridgeConfig config;
    private final Function<String, ToolConnector> tools;
    private final Inbox inbox;
    private final Runnable wakeProcessor;
    private final DaemonMetrics metrics;
    private final Clock clock;

    WebhookEndpoint(ListbridgeConfig config, Function<String, ToolConnector> tools, Inbox inbox, Runnable wakeProcessor,
                    DaemonMetrics metrics, Clock clock) {
        this.config = config;
        this.tools = tools;
        this.inbox = inbox;
        this.wakeProcessor = wakeProcessor;
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(Context ctx) {
        String toolName = ctx.pathParam("tool");
        String audienceName = ctx.pathParam("audience");
        int status = answer(ctx, toolName, audienceName, ctx.pathParam("secret"));
        metrics.webhookReceived(known(toolName), known(audienceName), status);
    }

    private int answer(Context ctx, String toolName, String audienceName, String secret) {
        AudienceConfig audience = config.audiences().get(audienceName);
        if (!config.tools().containsKey(toolName) || audience == null || !audience.tool().equals(toolName)) {
            return reply(ctx, 404, "no audience '" + audienceName + "' of tool '" + toolName + "' is configured");
        }
        if (audience.webhookSecret() == null) {
            return reply(ctx, 404, "webhooks are not configured for audience '" + audienceName
                    + "' (set audiences." + audienceName + ".webhookSecret)");
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                audience.webhookSecret().getBytes(StandardCharsets.UTF_8))) {
            return reply(ctx, 401, "wrong webhook secret");
        }
        long length = ctx.contentLength();
        if (length > MAX_BODY) {
            discardBody(ctx, length);
            return reply(ctx, 413, "body larger than " + MAX_BODY + " bytes");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY) {
            return reply(ctx, 413, "body larger than " + MAX_BODY + " bytes");
        }
        Map<String, String> headers = new TreeMap<>();
        for (String name : ctx.headerMap().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DROPPED_HEADERS.contains(lower)) {
                headers.put(lower, ctx.header(name));
            }
        }
        // The raw header: Context.contentType() parses its charset and throws for an unknown one.
        String contentType = ctx.header("Content-Type");
        if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
            return reply(ctx, 415, "Content-Type longer than " + MAX_CONTENT_TYPE + " characters");
        }
        WebhookRequest request = new WebhookRequest(ctx.method().name(), publicUrl(ctx), contentType, headers, body,
                clock.instant());
        ToolConnector tool = tools.apply(toolName);
        List<ToolEvent> events;
        try {
            events = tool.parseWebhook(audience.list(), request, audience.signingSecret());
        } catch (WebhookRejectedException e) {
            return reply(ctx, e.status(), e.getMessage());
        } catch (UnsupportedOperationException e) {
            return reply(ctx, 404, "tool '" + toolName + "' does not send webhooks");
        }
        if (!"POST".equals(request.method())) {
            ctx.status(200).contentType("application/json").result("{\"ok\":true}");
            return 200; // the tool's validation request: nothing to store
        }
        if (events.isEmpty()) {
            // An event kind Listbridge does not use: accepted, so that the tool does not retry it, and not stored.
            ctx.status(200).contentType("application/json").result("{\"ignored\":\"no events Listbridge uses\"}");
            return 200;
        }
        long id;
        try {
            id = inbox.store(InboxReceipt.received(toolName, audienceName, request.receivedAt().toEpochMilli(),
                    request.method(), request.contentType(), JSON.writeValueAsString(headers), body));
        } catch (InboxException | JsonProcessingException e) {
            LOG.error("webhook for {} not stored: {}", audienceName, e.getMessage());
            return reply(ctx, 503, "could not store the webhook; send it again");
        }
        wakeProcessor.run();
        ctx.status(200).contentType("application/json").result("{\"received\":" + id + "}");
        return 200;
    }

    /**
     * Reads and drops a too-large body (up to a bound), so that the client, still sending, gets the 413 rather
     * than a reset connection.
     */
    private static void discardBody(Context ctx, long length) {
        if (length > 16L * MAX_BODY) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the client went away; nothing to answer
        }
    }

    /**
     * The URL as the tool called it: the configured public URL (behind a proxy the daemon sees another one)
     * plus the path. Tools that sign the URL sign this one.
     */
    private String publicUrl(Context ctx) {
        String base = config.server().publicUrl();
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        return base == null ? ctx.fullUrl() : base + ctx.path() + query;
    }

    /** Metrics must not grow with whatever names a caller puts in the path. */
    private String known(String name) {
        return config.tools().containsKey(name) || config.audiences().containsKey(name) ? name : "unknown";
    }

    private static int reply(Context ctx, int status, String message) {
        AdminApi.json(ctx, status, Map.of("error", message));
        return status;
    }
}
