package dev.listbridge.sandbox.internal.model;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Everything the sandbox knows. One lock (this object) guards all of it: requests are
 * processed one state change at a time, while the HTTP side (delays, slow clients) stays concurrent.
 */
public final class MailchimpState {
    private static final Pattern LIST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Clock clock;
    private final RandomIds ids = new RandomIds();
    private final Map<String, Audience> audiences = new LinkedHashMap<>();
    private final Consumer<ListEvent> events;

    public MailchimpState(Clock clock, Consumer<ListEvent> events) {
        this.clock = clock;
        this.events = events;
    }

    /** While a backdated action runs: its time. Only the thread holding the lock reads it. */
    private Instant backdatedTo;

    /** Now, to the second: Mailchimp records change times to the second, and so do cursors on them. */
    public Instant now() {
        Instant at = Thread.holdsLock(this) && backdatedTo != null ? backdatedTo : clock.instant();
        return at.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Runs {@code operation} as if it happened at {@code occurredAt}: every time stamp it writes is that
     * time (e.g. a bounce that Mailchimp reports late, with its original time).
     */
    public synchronized void backdated(Instant occurredAt, Runnable operation) {
        Instant previous = backdatedTo;
        backdatedTo = occurredAt;
        try {
            operation.run();
        } finally {
            backdatedTo = previous;
        }
    }

    public RandomIds ids() {
        return ids;
    }

    public synchronized <T> T locked(Supplier<T> operation) {
        return operation.get();
    }

    public synchronized void locked(Runnable operation) {
        operation.run();
    }

    public synchronized Audience createAudience(String listId, String name, boolean doubleOptin) {
        String id = listId == null ? ids.hex(10) : listId;
        if (!LIST_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a list id is 1-64 letters, digits, '-' or '_': " + id);
        }
        if (audiences.containsKey(id)) {
            throw new IllegalArgumentException("list " + id + " exists already");
        }
        Audience audience = new Audience(id, name, doubleOptin, now(), ids.nextWebId());
        audiences.put(id, audience);
        return audience;
    }

    public synchronized List<Audience> audiences() {
        return List.copyOf(audiences.values());
    }

    public synchronized Optional<Audience> audience(String listId) {
        return Optional.ofNullable(audiences.get(listId));
    }

    /** The audience an API path names, or Mailchimp's 404. */
    public synchronized Audience requireAudience(String listId) {
        return audience(listId).orElseThrow(RefusedException::notFound);
    }

    /** The audience a recipient action names: a programming error in the test when absent. */
    synchronized Audience audienceForAction(String listId) {
        return audience(listId).orElseThrow(() -> new IllegalArgumentException("no list " + listId));
    }

    void emit(ListEvent event) {
        events.accept(event);
    }
}
