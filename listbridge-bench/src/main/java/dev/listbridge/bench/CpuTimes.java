package dev.listbridge.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used so far by this JVM (Listbridge) and by the sandbox process, and the time this JVM's
 * garbage collectors took (with -Xmx256m, a share of a step worth knowing). On a machine that other work
 * shares, a step's wall time stretches with the load; its CPU time says how much work it was.
 */
record CpuTimes(long listbridgeNanos, long sandboxNanos, long listbridgeGcMillis) {
    static CpuTimes now(SandboxProcess sandbox) {
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long other = ProcessHandle.of(sandbox.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(-1L);
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(collector -> Math.max(0, collector.getCollectionTime())).sum();
        return new CpuTimes(self, other, gc);
    }

    /** The CPU time used since {@code earlier}. */
    CpuTimes since(CpuTimes earlier) {
        return new CpuTimes(listbridgeNanos - earlier.listbridgeNanos, sandboxNanos - earlier.sandboxNanos,
                listbridgeGcMillis - earlier.listbridgeGcMillis);
    }

    /** The average of {@code times} equal runs. */
    CpuTimes per(int times) {
        return new CpuTimes(listbridgeNanos / times, sandboxNanos / times, listbridgeGcMillis / times);
    }

    /** The machine's load average over the last minute, or -1 where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
