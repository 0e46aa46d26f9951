package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.CrmContact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContactHandOffTest {

    private static CrmContact contact(int i) {
        return new CrmContact(Integer.toString(i), i + "@example.com", true, null, Map.of());
    }

    @Test
    void every_contact_arrives_in_the_order_read() throws InterruptedException {
        ContactHandOff handOff = new ContactHandOff();
        int count = ContactHandOff.BATCH * (ContactHandOff.BATCHES + 3) + 17; // more than the queue holds, a partial batch
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < count; i++) {
                handOff.add(contact(i));
            }
            handOff.finish(null);
        });
        List<String> keys = new ArrayList<>();
        handOff.drain(c -> keys.add(c.key()));
        producer.join();
        assertThat(keys).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(keys.get(i)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void a_failure_of_the_reading_reaches_the_consumer_after_the_contacts_before_it() throws InterruptedException {
        ContactHandOff handOff = new ContactHandOff();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < ContactHandOff.BATCH; i++) {
                handOff.add(contact(i));
            }
            handOff.finish(new IllegalStateException("connection dropped"));
        });
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> handOff.drain(c -> seen.incrementAndGet())).hasMessage("connection dropped");
        producer.join();
        assertThat(seen).hasValue(ContactHandOff.BATCH);
    }

    @Test
    void a_consumer_that_gives_up_stops_the_reading() throws InterruptedException {
        ContactHandOff handOff = new ContactHandOff();
        AtomicInteger produced = new AtomicInteger();
        Thread producer = Thread.ofPlatform().start(() -> {
            while (handOff.add(contact(produced.get()))) {
                produced.incrementAndGet();
            }
            handOff.finish(null);
        });
        assertThatThrownBy(() -> handOff.drain(c -> {
            throw new IllegalArgumentException("duplicate key");
        })).hasMessage("duplicate key");
        producer.join(); // ends: add answered false
        assertThat(produced.get()).isLessThanOrEqualTo(ContactHandOff.BATCH * (ContactHandOff.BATCHES + 3));
    }
}
