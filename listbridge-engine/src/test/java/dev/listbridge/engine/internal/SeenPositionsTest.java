package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeenPositionsTest {

    @Test
    void a_position_is_marked_once_and_the_second_mark_says_so() {
        SeenPositions seen = new SeenPositions(130);
        assertThat(seen.mark(64)).isTrue();
        assertThat(seen.mark(64)).isFalse();
        assertThat(seen.marked(64)).isTrue();
        assertThat(seen.marked(63)).isFalse();
        seen.unmark(64);
        assertThat(seen.marked(64)).isFalse();
        assertThat(seen.mark(64)).isTrue();
    }

    @Test
    void the_unmarked_positions_are_found_in_order_across_words_and_never_past_the_size() {
        Random random = new Random(20261123L);
        for (int round = 0; round < 50; round++) {
            int size = 1 + random.nextInt(300);
            SeenPositions seen = new SeenPositions(size);
            List<Integer> expected = new ArrayList<>();
            for (int position = 0; position < size; position++) {
                if (random.nextInt(4) == 0) {
                    expected.add(position);
                } else {
                    seen.mark(position);
                }
            }
            List<Integer> found = new ArrayList<>();
            for (int position = seen.nextUnmarked(0); position < size; position = seen.nextUnmarked(position + 1)) {
                found.add(position);
            }
            assertThat(found).as("size %d", size).isEqualTo(expected);
            assertThat(seen.nextUnmarked(size)).isEqualTo(size);
        }
    }

    @Test
    void of_two_threads_marking_the_same_positions_exactly_one_wins_each() throws InterruptedException {
        int size = 100_000;
        SeenPositions seen = new SeenPositions(size);
        AtomicInteger wins = new AtomicInteger();
        Runnable marker = () -> {
            int mine = 0;
            for (int position = 0; position < size; position++) {
                if (seen.mark(position)) {
                    mine++;
                }
            }
            wins.addAndGet(mine);
        };
        Thread first = new Thread(marker);
        Thread second = new Thread(marker);
        first.start();
        second.start();
        first.join();
        second.join();
        assertThat(wins.get()).isEqualTo(size);
        assertThat(seen.nextUnmarked(0)).isEqualTo(size);
    }
}
