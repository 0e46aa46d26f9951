package dev.listbridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM (Listbridge's) while the benchmark runs: the largest heap in use, sampled every
 * 20 ms, and the largest heap still in use right after a garbage collection (what the run really keeps;
 * "in use" before a collection includes garbage, and grows towards -Xmx whatever is kept). Beside the heap, the
 * largest resident anonymous memory of the process on Linux ({@code RssAnon}: heap, JVM, and SQLite's page cache,
 * which is native memory), sampled every 200 ms; the state store's memory-mapped file is not in it.
 */
final class HeapWatch implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 20;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong peakRssAnonKb = new AtomicLong(-1);
    private final List<Runnable> detach = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapWatch() {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                NotificationListener listener = (notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(pool -> heapPools.contains(pool.getKey()))
                                .mapToLong(pool -> pool.getValue().getUsed()).sum();
                        peakAfterGc.accumulateAndGet(after, Math::max);
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                detach.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException gone) {
                        // nothing to detach
                    }
                });
            }
        }
        sampler = new Thread(this::sample, "listbridge-bench-heap");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The largest heap in use seen so far, in MiB. */
    long peakUsedMb() {
        peakUsed.accumulateAndGet(heapUsed(), Math::max);
        return peakUsed.get() / (1024 * 1024);
    }

    /** The largest heap still in use after a collection, in MiB (0 when no collection ran). */
    long peakAfterGcMb() {
        return peakAfterGc.get() / (1024 * 1024);
    }

    /** The largest resident anonymous memory of this process seen so far, in MiB; -1 where /proc has none. */
    long peakRssAnonMb() {
        return peakRssAnonKb.get() < 0 ? -1 : peakRssAnonKb.get() / 1024;
    }

    /** -Xmx, in MiB. */
    long maxMb() {
        return memory.getHeapMemoryUsage().getMax() / (1024 * 1024);
    }

    private long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        for (long round = 0; running; round++) {
            peakUsed.accumulateAndGet(heapUsed(), Math::max);
            if (round % 10 == 0) {
                peakRssAnonKb.accumulateAndGet(rssAnonKb(), Math::max);
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long rssAnonKb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: no figure
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        detach.forEach(Runnable::run);
    }
}
