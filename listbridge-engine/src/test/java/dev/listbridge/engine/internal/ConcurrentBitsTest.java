package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ConcurrentBitsTest {

    @Test
    void mark_says_whether_this_call_set_the_bit() {
        ConcurrentBits bits = new ConcurrentBits(130);

        assertThat(bits.mark(64)).isTrue();
        assertThat(bits.mark(64)).isFalse();
        assertThat(bits.get(64)).isTrue();
        assertThat(bits.get(63)).isFalse();
        assertThat(bits.get(65)).isFalse();
    }

    @Test
    void next_clear_skips_set_bits_and_ends_at_the_size() {
        ConcurrentBits bits = new ConcurrentBits(130);
        for (int i = 0; i < 129; i++) {
            bits.mark(i);
        }

        assertThat(bits.nextClear(0)).isEqualTo(129);
        bits.mark(129);
        assertThat(bits.nextClear(0)).isEqualTo(130);
        assertThat(new ConcurrentBits(130).nextClear(7)).isEqualTo(7);
    }

    @Test
    void of_two_threads_marking_the_same_bits_exactly_one_learns_it_was_first_for_each() {
        int size = 1 << 20;
        ConcurrentBits bits = new ConcurrentBits(size);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> markAll(bits, size, start));
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> markAll(bits, size, start));
        start.countDown();

        assertThat(one.join() + other.join()).isEqualTo(size);
        assertThat(bits.nextClear(0)).isEqualTo(size);
    }

    private static int markAll(ConcurrentBits bits, int size, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        int first = 0;
        for (int i = 0; i < size; i++) {
            first += bits.mark(i) ? 1 : 0;
        }
        return first;
    }
}
