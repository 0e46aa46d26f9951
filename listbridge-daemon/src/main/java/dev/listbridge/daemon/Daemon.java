package dev.listbridge.daemon;

import dev.listbridge.crm.jdbc.capture.ChangeFeed;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listbridge run}: owns the state store, cycles every audience on its schedule and on wake-ups,
 * receives webhooks into a durable inbox, serves the admin API, health and metrics.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How long stopping waits for running cycles; what is still in flight then is replayed on the next start. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> closeInOrder = new ArrayList<>();
    private final Map<String, AudienceWorker> workers = new LinkedHashMap<>();
    private DaemonSchedules schedules;
    private ExecutorService background;
    private HttpServer http;
    private volatile boolean closed;

    private Daemon() {
    }

    /**
     * Starts the daemon; returns once it serves. Closing it stops it.
     *
     * @throws StoreOwnedException when another process owns the state store
     * @throws DaemonStartException when it cannot start (port taken, ...)
     */
    public static Daemon start(DaemonRuntime runtime, Clock clock) {
        Daemon daemon = new Daemon();
        try {
            daemon.startAll(runtime, clock);
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private void startAll(DaemonRuntime runtime, Clock clock) {
        ListbridgeConfig config = runtime.config();
        OwnerLock lock = OwnerLock.acquire(config.stateUrl(), null, null, "listbridge run", clock);
        closeInOrder.add(lock);
        // The state store first: on an empty PostgreSQL database its migration must come before the daemon's
        // tables appear, or it finds a schema that is not empty and refuses (and so would every later start).
        runtime.store();
        DaemonStore daemonStore = DaemonStore.open(config.stateUrl(), null, null);
        closeInOrder.add(0, daemonStore);
        DaemonMetrics metrics = new DaemonMetrics();
        closeInOrder.add(0, metrics);
        Semaphore storeGate = new Semaphore(daemonStore.sqlite() ? 1 : Integer.MAX_VALUE);
        for (AudienceConfig audience : config.audiences().values()) {
            workers.put(audience.name(), new AudienceWorker(audience, runtime.engine(audience), storeGate, metrics, clock));
        }
        Inbox inbox = daemonStore.inbox();
        InboxProcessor processor = new InboxProcessor(inbox, workers, runtime::tool, config.retention(), clock);
        closeInOrder.add(0, processor);
        schedules = new DaemonSchedules(daemonStore.dataSource(), workers.values(), STOP_WAIT);
        // Closed in reverse: the schedules stop first, then a cycle still running (woken, or admin-triggered)
        // keeps the store until it ends or the wait is over.
        closeInOrder.add(0, this::awaitRunningCycles);
        closeInOrder.add(0, schedules);
        background = Executors.newVirtualThreadPerTaskExecutor();
        // Not interrupted: a woken cycle finishes its in-flight calls within the stop wait.
        closeInOrder.add(0, background::shutdown);
        ScheduledExecutorService gauges = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("listbridge-gauges").daemon(true).factory());
        closeInOrder.add(0, gauges::shutdownNow);

        String[] listen = hostAndPort(config.server().listen());
        http = HttpServer.start(listen[0], Integer.parseInt(listen[1]),
                new WebhookEndpoint(config, runtime::tool, inbox, processor::wake, metrics, clock),
                new AdminApi(config.server().adminToken(), runtime.store(), workers, inbox, schedules,
                        task -> background.submit(() -> runLogged(task))),
                new Health(runtime.store(), runtime.crm(), config.tools().keySet(), runtime::tool, clock), metrics);
        closeInOrder.add(0, http);

        ChangeFeed feed = runtime.changeFeed();
        boolean firstCapture = false;
        if (feed != null) {
            workers.values().forEach(AudienceWorker::captureMode);
            CaptureLoop capture = new CaptureLoop(feed, runtime.store(), workers.values());
            closeInOrder.add(0, capture);
            firstCapture = capture.startPosition();
            capture.start();
        }
        processor.start();
        // A start is a wake-up: whatever happened while the daemon was down is picked up at once. Asked for before
        // the schedules start, so that a scheduled cycle that fell due meanwhile and this one make one cycle.
        if (firstCapture) {
            // Change capture starts now: one full reconcile brings everything up to date first.
            workers.values().forEach(worker -> background.submit(() -> runLogged(worker::reconcile)));
        } else {
            workers.values().forEach(worker -> worker.wakeUp(background));
        }
        schedules.start();
        gauges.scheduleWithFixedDelay(() -> refreshGauges(runtime, inbox, metrics, clock), 0, 5, TimeUnit.SECONDS);
        LOG.info("listbridge daemon serving on {}:{} for {} audience(s): {}", listen[0], http.port(), workers.size(),
                String.join(", ", workers.keySet()));
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("admin-triggered work failed: {}", e.toString(), e);
        }
    }

    private void refreshGauges(DaemonRuntime runtime, Inbox inbox, DaemonMetrics metrics, Clock clock) {
        try {
            runtime.store().read(tx -> {
                for (String audience : workers.keySet()) {
                    metrics.gauge("listbridge.outbox.pending", "Operations journaled and not yet applied", audience,
                            tx.outbox().countPending(audience));
                    metrics.gauge("listbridge.outbox.dead", "Dead letters kept for retry", audience,
                            tx.outbox().countDead(audience));
                }
                return null;
            });
            metrics.gauge("listbridge.inbox.depth", "Webhook receipts not yet processed", null, inbox.depth());
            long oldest = inbox.oldestPendingReceivedAt();
            metrics.gauge("listbridge.inbox.lag.seconds", "Age of the oldest unprocessed webhook receipt", null,
                    oldest == 0 ? 0 : Math.max(0, (clock.millis() - oldest) / 1000));
        } catch (RuntimeException e) {
            LOG.debug("metrics refresh failed: {}", e.getMessage());
        }
    }

    private void awaitRunningCycles() {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (AudienceWorker worker : workers.values()) {
            if (!worker.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                LOG.warn("the cycle of {} is still running; abandoned, the outbox replays its writes on the next start",
                        worker.name());
            }
        }
    }

    static String[] hostAndPort(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new DaemonStartException("server.listen must be host:port like 127.0.0.1:8787, was '" + listen + "'");
        }
        String port = listen.substring(colon + 1);
        try {
            int value = Integer.parseInt(port);
            if (value < 0 || value > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new DaemonStartException("server.listen must end in a port from 0 to 65535, was '" + listen + "'");
        }
        return new String[] {listen.substring(0, colon), port};
    }

    /** The port the HTTP server listens on (useful with port 0). */
    public int port() {
        return http.port();
    }

    /** Runs the audience's incremental cycle as soon as possible. */
    public void wakeUp(String audience) {
        AudienceWorker worker = workers.get(audience);
        if (worker != null) {
            worker.wakeUp(background);
        }
    }

    /** Stops: no new requests or cycles, waits up to {@link #STOP_WAIT} for running cycles, releases the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : closeInOrder) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        LOG.info("listbridge daemon stopped");
    }
}
