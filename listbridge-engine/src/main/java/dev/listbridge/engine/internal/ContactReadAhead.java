package dev.listbridge.engine.internal;

import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.store.SnapshotIndex;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * A full cycle's CRM read on its own thread, started before the event pull so that a cycle costs the
 * longer of the two rather than their sum. The thread loads the snapshot index, reads every contact of the
 * selection and triages it ({@link Triage}): unchanged contacts end there; the others wait in a small
 * queue for the planning, which starts once the pull and its write-backs are done (the queue being full
 * holds the read back, so memory stays bounded whatever changed).
 *
 * <p>The read sees the CRM before this cycle's write-backs; the contacts they touch are read again after
 * them (see {@link CycleRunner}).
 */
final class ContactReadAhead implements AutoCloseable {
    /** A contact the triage did not find unchanged, with what it computed. */
    record Changed(CrmContact contact, long rowSum, int position) {
    }

    private static final Changed END = new Changed(null, 0, -1);
    /** Changed contacts read ahead of the planning, at most. */
    private static final int QUEUE = 2_000;

    private final BlockingQueue<Changed> queue = new ArrayBlockingQueue<>(QUEUE);
    private final CompletableFuture<Triage> triage = new CompletableFuture<>();
    private final AtomicLong read = new AtomicLong();
    private volatile boolean stopped;
    /** The end was taken from the queue (only the planning thread reads this). */
    private boolean over;
    private volatile Throwable failure;
    private final Thread thread;

    private ContactReadAhead(String name, Supplier<SnapshotIndex> index, RowSums rowSums, CrmSource crm,
                             ContactSelection selection) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        this.thread = new Thread(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            run(index, rowSums, crm, selection);
        }, "listbridge-crm-read-" + name);
        thread.setDaemon(true);
    }

    /** Starts reading {@code selection} of {@code crm}, triaged against the index {@code index} loads. */
    static ContactReadAhead start(String name, Supplier<SnapshotIndex> index, RowSums rowSums, CrmSource crm,
                                  ContactSelection selection) {
        ContactReadAhead ahead = new ContactReadAhead(name, index, rowSums, crm, selection);
        ahead.thread.start();
        return ahead;
    }

    private void run(Supplier<SnapshotIndex> index, RowSums rowSums, CrmSource crm, ContactSelection selection) {
        try {
            Triage loaded = new Triage(index.get(), rowSums);
            triage.complete(loaded);
            crm.readContacts(selection, contact -> {
                if (stopped) {
                    throw new Stopped();
                }
                read.incrementAndGet();
                long rowSum = loaded.rowSum(contact);
                int position = loaded.position(contact.key());
                if (!loaded.unchanged(position, rowSum)) {
                    put(new Changed(contact, rowSum, position));
                }
            });
        } catch (Stopped e) {
            return;
        } catch (Throwable e) {
            failure = e;
            triage.completeExceptionally(e);
        }
        try {
            put(END);
        } catch (Stopped e) {
            // closed meanwhile: nobody takes it
        }
    }

    private void put(Changed changed) {
        try {
            while (!queue.offer(changed, 100, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** The triage, once the index is loaded; rethrows what stopped the loading. */
    Triage triage() {
        try {
            return triage.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Contacts read so far. */
    long read() {
        return read.get();
    }

    /**
     * The next changed contact, or null when none arrived within {@code millis} or the read is over
     * ({@link #over()}). Rethrows what stopped the read.
     */
    Changed poll(long millis) {
        if (over) {
            return null;
        }
        Changed next;
        try {
            next = queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the CRM", e);
        }
        if (next == END) {
            over = true;
            if (failure != null) {
                throw rethrown(failure);
            }
            return null;
        }
        return next;
    }

    /** Whether every contact was read and taken. */
    boolean over() {
        return over;
    }

    /** Stops the read (when the cycle ends early) and waits for the thread. */
    @Override
    public void close() {
        stopped = true;
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    /** Ends the read when the cycle no longer wants it. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
