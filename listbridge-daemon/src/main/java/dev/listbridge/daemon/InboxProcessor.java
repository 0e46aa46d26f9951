package dev.listbridge.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies stored webhook receipts, oldest first, through the audience's worker. A receipt whose events
 * cannot be applied now (CRM down, audience never synced) stays new and is tried again; event ids make
 * applying one twice harmless.
 */
final class InboxProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Inbox inbox;
    private final Map<String, AudienceWorker> workers;
    private final Function<String, ToolConnector> tools;
    private final Clock clock;
    /** How long handled receipts are kept ({@link Inbox#keptFor}). */
    private final Duration keep;
    /** When handled receipts were last forgotten (our clock); they are looked at once a day. */
    private long lastForgotten = Long.MIN_VALUE;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopping;

    InboxProcessor(Inbox inbox, Map<String, AudienceWorker> workers, Function<String, ToolConnector> tools,
                   Duration retention, Clock clock) {
        this.inbox = inbox;
        this.keep = Inbox.keptFor(retention);
        this.workers = workers;
        this.tools = tools;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("listbridge-inbox").daemon(true).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** A receipt was stored: process it now rather than at the next poll. */
    void wake() {
        wake.release();
    }

    private void loop() {
        while (!stopping) {
            boolean failed = false;
            try {
                failed = processPending();
                forgetHandledDaily();
            } catch (RuntimeException e) {
                LOG.error("webhook inbox: {}", e.getMessage(), e);
                failed = true;
            }
            try {
                Duration pause = failed ? AFTER_FAILURE : IDLE_POLL;
                if (wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Processes what waits; true when something had to be left for later. */
    boolean processPending() {
        boolean leftSome = false;
        long afterId = 0;
        for (List<InboxReceipt> batch = inbox.pending(0, 100); !batch.isEmpty() && !stopping;
             batch = inbox.pending(afterId, 100)) {
            for (InboxReceipt receipt : batch) {
                afterId = receipt.id();
                leftSome |= !process(receipt);
            }
        }
        return leftSome;
    }

    /** Deletes handled receipts older than they are kept, once a day (the first time at the start). */
    void forgetHandledDaily() {
        long now = clock.millis();
        if (lastForgotten != Long.MIN_VALUE && now - lastForgotten < Duration.ofDays(1).toMillis()) {
            return;
        }
        lastForgotten = now;
        long receivedBefore = now - keep.toMillis();
        int forgotten = inbox.forgetHandled(receivedBefore);
        if (forgotten > 0) {
            LOG.info("webhook inbox: removed {} handled receipts received before {}", forgotten,
                    Instant.ofEpochMilli(receivedBefore));
        }
    }

    private boolean process(InboxReceipt receipt) {
        AudienceWorker worker = workers.get(receipt.audience());
        if (worker == null) {
            inbox.finish(receipt.id(), Inbox.FAILED, "no audience '" + receipt.audience() + "' in the config any more",
                    clock.millis());
            return true;
        }
        List<ToolEvent> events;
        try {
            Map<String, String> headers = JSON.readValue(receipt.headersJson(), new TypeReference<>() {
            });
            WebhookRequest request = new WebhookRequest(receipt.method(), null, receipt.contentType(), headers,
                    receipt.body(), Instant.ofEpochMilli(receipt.receivedAt()));
            // The signature was verified on receipt, while the tool waited; verifying again here would
            // make replays depend on the URL and secret the daemon had then.
            events = tools.apply(receipt.tool()).parseWebhook(worker.audience().list(), request, null);
        } catch (WebhookRejectedException | IOException e) {
            inbox.finish(receipt.id(), Inbox.FAILED, "cannot be parsed any more: " + e.getMessage(), clock.millis());
            return true;
        }
        if (events.isEmpty()) {
            inbox.finish(receipt.id(), Inbox.DONE, "no events Listbridge uses", clock.millis());
            return true;
        }
        CycleReport report;
        try {
            report = worker.applyEvents(events);
        } catch (ListbridgeException e) {
            inbox.attemptFailed(receipt.id(), e.getMessage());
            return false;
        }
        if (report.outcome() == CycleOutcome.DONE) {
            inbox.finish(receipt.id(), Inbox.DONE, "run " + report.runId() + ": " + report.counts(), clock.millis());
            return true;
        }
        inbox.attemptFailed(receipt.id(), report.outcome() + ": " + String.join("; ", report.messages()));
        return false;
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
    }
}
