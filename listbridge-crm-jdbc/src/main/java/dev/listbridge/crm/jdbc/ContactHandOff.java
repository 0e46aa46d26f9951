package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands contacts from the thread that reads and decodes them (the JDBC driver's and {@link RowReader}'s work) to
 * the thread that consumes them (the engine's triage), in batches through a bounded queue: on a machine with a
 * second core the two overlap, and at most {@value #BATCHES} batches of {@value #BATCH} contacts wait in between.
 * One producer, one consumer; the consumer gives up by throwing from its sink, and the producer then stops.
 */
final class ContactHandOff {
    static final int BATCH = 1_000;
    static final int BATCHES = 4;
    /** Marks the end; compared by identity. */
    private static final List<CrmContact> END = new ArrayList<>(0);

    private final BlockingQueue<List<CrmContact>> queue = new ArrayBlockingQueue<>(BATCHES + 1);
    private volatile boolean abandoned;
    /** What ended the reading, when not the end of the rows; written before {@link #END} is queued. */
    private volatile Throwable failure;
    private List<CrmContact> batch = new ArrayList<>(BATCH);

    /** Producer: hands one contact on; false once the consumer gave up (stop reading). */
    boolean add(CrmContact contact) {
        batch.add(contact);
        if (batch.size() < BATCH) {
            return !abandoned;
        }
        List<CrmContact> full = batch;
        batch = new ArrayList<>(BATCH);
        return put(full);
    }

    /** Producer: the reading ended, normally ({@code cause} null) or with {@code cause}. */
    void finish(Throwable cause) {
        failure = cause;
        if (cause == null && !batch.isEmpty()) {
            put(batch);
        }
        batch = null;
        put(END);
    }

    private boolean put(List<CrmContact> contacts) {
        try {
            while (!abandoned) {
                if (queue.offer(contacts, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            return false;
        }
    }

    /**
     * Consumer: passes every contact to {@code sink}, in the order read, until the end; then throws what ended the
     * reading, if anything did.
     */
    void drain(Consumer<CrmContact> sink) {
        try {
            while (true) {
                List<CrmContact> contacts = queue.take();
                if (contacts == END) {
                    Throwable cause = failure;
                    if (cause instanceof RuntimeException e) {
                        throw e;
                    }
                    if (cause instanceof Error e) {
                        throw e;
                    }
                    return;
                }
                contacts.forEach(sink);
            }
        } catch (InterruptedException e) {
            abandoned = true;
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while reading the CRM's contacts", e);
        } catch (RuntimeException | Error e) {
            abandoned = true;
            throw e;
        }
    }
}
