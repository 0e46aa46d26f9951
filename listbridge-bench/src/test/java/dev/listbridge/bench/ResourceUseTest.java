package dev.listbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceUseTest {

    @Test
    void disk_reads_sum_the_hardware_disks_only() {
        List<String> diskStats = List.of(
                "   7       0 loop0 10 0 800 5 0 0 0 0 0 0 0 0 0 0 0 0 0",
                " 254       0 vda 39017 7823 2921858 10736 1200034 17849 36745488 2090415 0 31396 2104146",
                " 254       1 vda1 39000 7800 2921000 10700 1200000 17800 36745000 2090000 0 31300 2104000",
                " 259       0 nvme0n1 100 0 2048 7 0 0 0 0 0 0 0",
                " 253       0 dm-0 39000 0 2921000 10700 0 0 0 0 0 0 0");

        long[] read = ResourceUse.diskReads(diskStats, name -> name.equals("vda") || name.equals("nvme0n1"));

        assertThat(read).containsExactly((2_921_858L + 2_048) * 512, 10_736 + 7);
    }

    @Test
    void a_step_without_disk_figures_has_none() {
        ResourceUse before = new ResourceUse(1, 1, 0, -1, -1);
        ResourceUse after = new ResourceUse(5, 3, 2, 4096, 9);

        assertThat(after.since(before).diskReadBytes()).isEqualTo(-1);
        assertThat(after.since(new ResourceUse(1, 1, 0, 1024, 4))).isEqualTo(new ResourceUse(4, 2, 2, 3072, 5));
    }
}
