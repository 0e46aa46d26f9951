package dev.listbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the run used so far: CPU time of this JVM (Listbridge) and of the sandbox process, the time this JVM's
 * garbage collectors took (with -Xmx256m, a share of a step worth knowing), and what the machine's disks read. On a
 * machine that other work shares, a step's wall time stretches with the load; its CPU time says how much work it
 * was. The disk reads say how much of a step waited for pages the operating system no longer cached (the state
 * file's, PostgreSQL's): the whole machine's, as a step's reads are spread over three processes.
 *
 * @param diskReadBytes  bytes read by the machine's disks, -1 where unknown (not Linux)
 * @param diskReadMillis the time the disks spent reading, summed over their requests (overlapping ones each count)
 */
record ResourceUse(long listbridgeNanos, long sandboxNanos, long listbridgeGcMillis, long diskReadBytes,
                   long diskReadMillis) {
    private static final Path DISK_STATS = Path.of("/proc/diskstats");
    private static final Path BLOCK_DEVICES = Path.of("/sys/block");

    static ResourceUse now(SandboxProcess sandbox) {
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long other = ProcessHandle.of(sandbox.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(-1L);
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(collector -> Math.max(0, collector.getCollectionTime())).sum();
        long[] disk = diskReads();
        return new ResourceUse(self, other, gc, disk[0], disk[1]);
    }

    /** Bytes read and milliseconds spent reading by the machine's disks since boot, {-1, -1} where unknown. */
    static long[] diskReads() {
        try {
            return diskReads(Files.readAllLines(DISK_STATS),
                    name -> Files.exists(BLOCK_DEVICES.resolve(name).resolve("device")));
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * Bytes read and milliseconds spent reading, summed over the lines of {@code /proc/diskstats} whose device is
     * {@code hardware} (Linux: {@code /sys/block/NAME/device} exists). Loop, RAM and device-mapper devices would count
     * the same reads twice, or reads of memory; partitions are counted in their disk's line.
     */
    static long[] diskReads(List<String> diskStats, Predicate<String> hardware) {
        long bytes = 0;
        long millis = 0;
        for (String line : diskStats) {
            List<String> fields = List.of(line.trim().split("\\s+"));
            // major minor name reads merged sectors-read ms-reading ...; sectors are 512 bytes whatever the device
            if (fields.size() >= 7 && hardware.test(fields.get(2))) {
                bytes += Long.parseLong(fields.get(5)) * 512;
                millis += Long.parseLong(fields.get(6));
            }
        }
        return new long[] {bytes, millis};
    }

    /** What was used since {@code earlier}. */
    ResourceUse since(ResourceUse earlier) {
        boolean disk = diskReadBytes >= 0 && earlier.diskReadBytes >= 0;
        return new ResourceUse(listbridgeNanos - earlier.listbridgeNanos, sandboxNanos - earlier.sandboxNanos,
                listbridgeGcMillis - earlier.listbridgeGcMillis, disk ? diskReadBytes - earlier.diskReadBytes : -1,
                disk ? diskReadMillis - earlier.diskReadMillis : -1);
    }

    /** The average of {@code times} equal runs. */
    ResourceUse per(int times) {
        return new ResourceUse(listbridgeNanos / times, sandboxNanos / times, listbridgeGcMillis / times,
                diskReadBytes < 0 ? -1 : diskReadBytes / times, diskReadMillis < 0 ? -1 : diskReadMillis / times);
    }

    /** The machine's load average over the last minute, or -1 where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
