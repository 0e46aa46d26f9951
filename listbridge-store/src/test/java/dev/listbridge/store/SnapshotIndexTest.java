package dev.listbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotIndexTest {

    @Test
    void a_key_hash_that_several_snapshots_share_has_no_position() {
        SnapshotIndex index = new SnapshotIndex(new long[] {-5, 3, 3, 9}, new long[] {1, 2, 3, 4});

        assertThat(index.find(-5)).isZero();
        assertThat(index.find(3)).isEqualTo(-1);
        assertThat(index.shared(1)).isTrue();
        assertThat(index.shared(2)).isTrue();
        assertThat(index.find(9)).isEqualTo(3);
        assertThat(index.rowSum(3)).isEqualTo(4);
        assertThat(index.find(4)).isEqualTo(-1);
    }

    @Test
    void an_index_holds_a_shared_key_hash_though_it_has_no_position_for_it() {
        SnapshotIndex index = new SnapshotIndex(new long[] {-5, 3, 3, 9}, new long[] {1, 2, 3, 4});

        assertThat(index.holds(3)).isTrue();
        assertThat(index.holds(-5)).isTrue();
        assertThat(index.holds(9)).isTrue();
        assertThat(index.holds(4)).isFalse();
        assertThat(SnapshotIndex.empty().holds(3)).isFalse();
    }

    @Test
    void every_hash_is_found_at_its_position_across_the_whole_range_of_longs() {
        java.util.Random random = new java.util.Random(5);
        long[] hashes = new long[10_000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = i < 4 ? new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}[i] : random.nextLong();
        }
        java.util.Arrays.sort(hashes);
        SnapshotIndex index = new SnapshotIndex(hashes, new long[hashes.length]);

        for (int position = 0; position < hashes.length; position++) {
            assertThat(index.find(hashes[position])).isEqualTo(position);
        }
        assertThat(index.find(1)).isEqualTo(-1);
    }

    @Test
    void hashes_tell_apart_values_that_differ_in_one_character_or_in_where_values_split() {
        assertThat(Hash64.of("12345")).isNotEqualTo(Hash64.of("12346"));
        assertThat(Hash64.of("")).isNotEqualTo(Hash64.of(null));
        long ab = Hash64.add(Hash64.add(Hash64.START, "ab"), "c");
        long a = Hash64.add(Hash64.add(Hash64.START, "a"), "bc");
        assertThat(Hash64.finish(ab)).isNotEqualTo(Hash64.finish(a));
        assertThat(Hash64.of("anna.schmidt@example.com")).isEqualTo(Hash64.of("anna.schmidt@example.com"));
    }
}
