package dev.listbridge.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Assertions the conformance tests share. */
final class Checks {

    private Checks() {
    }

    static void assertAllApplied(List<WriteOutcome> outcomes, List<Address> addresses) {
        assertThat(outcomes).as("one outcome per address").hasSameSizeAs(addresses);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).as("outcome for %s", outcome.address())
                .isInstanceOf(WriteOutcome.Applied.class));
        assertThat(outcomes).extracting(WriteOutcome::address).containsExactlyInAnyOrderElementsOf(addresses);
    }

    static WriteOutcome.Applied applied(List<WriteOutcome> outcomes, Address address) {
        return (WriteOutcome.Applied) outcome(outcomes, address);
    }

    static WriteOutcome outcome(List<WriteOutcome> outcomes, Address address) {
        return outcomes.stream().filter(outcome -> outcome.address().equals(address)).findFirst()
                .orElseGet(() -> fail("no outcome for " + address + " in " + outcomes));
    }

    static void assertEvent(ToolEvent event, Class<? extends ToolEvent> type, Address address) {
        assertThat(event).isInstanceOf(type);
        assertThat(event.address().key()).isEqualTo(address.key());
    }

    static Map<String, Set<String>> eventIdsByAddress(List<ToolEvent> events) {
        return events.stream().collect(Collectors.groupingBy(event -> event.address().key(),
                Collectors.mapping(ToolEvent::eventId, Collectors.toSet())));
    }

    static Set<String> threadsNamed(String connector) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains(connector))
                .collect(Collectors.toSet());
    }

    static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (Throwable thrown) {
            return thrown;
        }
        return fail("expected an exception");
    }
}
