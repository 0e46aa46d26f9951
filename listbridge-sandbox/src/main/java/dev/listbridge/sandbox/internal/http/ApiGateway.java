package dev.listbridge.sandbox.internal.http;

import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.sandbox.internal.model.RefusedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way in for every {@code /3.0} request, in the order Mailchimp's own gateway works:
 * authenticate, take a connection slot (429 when none is left), apply an injected fault if one
 * is due, route to the endpoint, write the answer, record the exchange, free the slot.
 */
public final class ApiGateway implements Handler {
    public static final String BASE_PATH = "/3.0";
    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);

    private final ApiKeyAuth auth;
    private final InFlightLimiter limiter;
    private final FaultBook faults;
    private final Router router;
    private final RequestLog log;
    private final CallCounter calls;
    private final ShutdownSignal shutdown;
    private final Clock clock;

    public ApiGateway(ApiKeyAuth auth, InFlightLimiter limiter, FaultBook faults, Router router,
                      RequestLog log, CallCounter calls, ShutdownSignal shutdown, Clock clock) {
        this.auth = auth;
        this.limiter = limiter;
        this.faults = faults;
        this.router = router;
        this.log = log;
        this.calls = calls;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        var receivedAt = clock.instant();
        String method = ctx.req().getMethod().toUpperCase(Locale.ROOT);
        String path = ctx.path();
        String apiPath = path.length() <= BASE_PATH.length() ? "/" : path.substring(BASE_PATH.length());
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        calls.count(method, router.templateOf(method, apiPath).orElse(CallCounter.UNKNOWN_ROUTE));
        String apiKey = null;
        boolean holdsSlot = false;
        try {
            Fault fault = null;
            ApiReply reply;
            try {
                apiKey = auth.authenticate(ctx.header("Authorization"));
                if (!limiter.tryAcquire(apiKey)) {
                    throw ApiProblem.tooManyRequests(Map.of());
                }
                holdsSlot = true;
                fault = faults.take(method, apiPath).orElse(null);
                if (fault instanceof Fault.Delay delay) {
                    shutdown.pause(delay.delay());
                } else if (fault instanceof Fault.Status status) {
                    throw ApiProblem.injected(status.status(), retryAfter(status));
                } else if (fault instanceof Fault.Reset) {
                    // Recorded first: the client may look at the log as soon as it sees the IOException.
                    record(ctx, method, path, body, RecordedRequest.NO_RESPONSE, "", null, receivedAt, false);
                    ResponseWriter.dropConnection(ctx);
                    return;
                }
                reply = router.dispatch(ApiCall.of(method, apiPath, ctx.queryString(), body));
            } catch (ApiProblem problem) {
                reply = ApiReply.problem(problem);
            } catch (RefusedException refused) {
                reply = ApiReply.problem(ApiProblem.from(refused));
            } catch (RuntimeException unexpected) {
                LOG.error("sandbox failed on {} {}", method, path, unexpected);
                reply = ApiReply.problem(ApiProblem.injected(500, Map.of()));
            }
            record(ctx, method, path, body, reply.status(), new String(reply.body(), StandardCharsets.UTF_8),
                    reply.contentType(), receivedAt, fault instanceof Fault.DelayAnswer || fault instanceof Fault.Truncate);
            if (fault instanceof Fault.DelayAnswer delayAnswer) {
                shutdown.pause(delayAnswer.delay());
            }
            if (fault instanceof Fault.Truncate) {
                ResponseWriter.truncated(ctx, reply);
            } else {
                ResponseWriter.write(ctx, reply);
            }
        } finally {
            if (holdsSlot) {
                limiter.release(apiKey);
            }
        }
    }

    private static Map<String, String> retryAfter(Fault.Status status) {
        return status.retryAfter() == null ? Map.of() : Map.of("Retry-After", Long.toString(status.retryAfter().toSeconds()));
    }

    private void record(Context ctx, String method, String path, String body, int status, String responseBody,
                        String contentType, java.time.Instant receivedAt, boolean answerLost) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
        }
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        log.add(new RecordedRequest(method, path, query, headers, body, status, responseBody, contentType, receivedAt,
                answerLost));
    }
}
