package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundAcknowledgementsTest {

    @Test
    void acknowledgements_run_on_a_thread_of_their_own_one_at_a_time_in_order() throws Exception {
        BackgroundAcknowledgements acknowledgements = new BackgroundAcknowledgements("acks-test");
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        acknowledgements.submit(() -> {
            await(release);
            done.add("first on " + Thread.currentThread().getName());
        });
        assertThat(done).isEmpty(); // submit returned while the first one waits: the caller goes on meanwhile

        Thread second = Thread.ofPlatform().start(() -> acknowledgements.submit(() -> done.add("second")));
        second.join(200);
        assertThat(second.isAlive()).as("the second waits for the first").isTrue();
        release.countDown();
        second.join();
        acknowledgements.await();

        assertThat(done).containsExactly("first on acks-test", "second");
    }

    @Test
    void a_failed_acknowledgement_is_thrown_by_the_next_wait_once() {
        BackgroundAcknowledgements acknowledgements = new BackgroundAcknowledgements("acks-test");
        acknowledgements.submit(() -> {
            throw new IllegalStateException("state store: disk full");
        });

        assertThatThrownBy(acknowledgements::await).isInstanceOf(IllegalStateException.class).hasMessage("state store: disk full");
        acknowledgements.await(); // reported once; nothing under way
    }

    @Test
    void around_returns_once_the_last_acknowledgement_is_done() {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            sleep(200);
            release.countDown();
        });

        BackgroundAcknowledgements.around("acks-test", acknowledgements -> acknowledgements.submit(() -> {
            await(release);
            done.add("last");
        }));

        assertThat(done).containsExactly("last");
    }

    @Test
    void around_adds_a_failed_acknowledgement_to_the_work_s_own_failure() {
        assertThatThrownBy(() -> BackgroundAcknowledgements.around("acks-test", acknowledgements -> {
            acknowledgements.submit(() -> {
                throw new IllegalStateException("state store: disk full");
            });
            throw new IllegalArgumentException("tool: 400");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("tool: 400")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("state store: disk full")));

        assertThatThrownBy(() -> BackgroundAcknowledgements.around("acks-test", acknowledgements -> acknowledgements.submit(() -> {
            throw new IllegalStateException("state store: disk full");
        }))).as("the work ended well: the failure is its own").hasMessage("state store: disk full");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
