package dev.listbridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
 * "in use" before a collection includes garbage, and grows towards -Xmx whatever is kept).
 */
final class HeapWatch implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
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

    /** -Xmx, in MiB. */
    long maxMb() {
        return memory.getHeapMemoryUsage().getMax() / (1024 * 1024);
    }

    private long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        while (running) {
            peakUsed.accumulateAndGet(heapUsed(), Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        detach.forEach(Runnable::run);
    }
}
