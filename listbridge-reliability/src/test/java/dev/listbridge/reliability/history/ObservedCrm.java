package dev.listbridge.reliability.history;

import dev.listbridge.reliability.crm.CrmFaults;
import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.WriteBack;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real CRM source, watched: what the engine read in each cycle (its input, for the reference model) and
 * which write-backs reached the database (those that returned, and those committed just before the connection
 * dropped).
 */
final class ObservedCrm implements CrmSource {
    /** A write-back the database applied, when, and whether the engine saw it fail (an ack lost). */
    record Applied(WriteBack writeBack, Instant at, boolean ackLost) {
    }

    private final CrmSource real;
    private final Clock clock;
    private final List<Applied> applied = new ArrayList<>();
    private boolean readAttempted;
    private List<CrmContact> completedRead;

    ObservedCrm(CrmSource real, Clock clock) {
        this.real = real;
        this.clock = clock;
    }

    /** Forgets what the last cycle read. */
    void startCycle() {
        readAttempted = false;
        completedRead = null;
    }

    /** Whether the engine began reading contacts in this cycle (so its pull was committed). */
    boolean readAttempted() {
        return readAttempted;
    }

    /** The contacts of this cycle's read, or null when it did not complete. */
    List<CrmContact> completedRead() {
        return completedRead;
    }

    List<Applied> applied() {
        return applied;
    }

    @Override
    public void checkConnection() {
        real.checkConnection();
    }

    @Override
    public long countContacts() {
        return real.countContacts();
    }

    @Override
    public void readContacts(ContactSelection selection, Consumer<CrmContact> sink) {
        readAttempted = true;
        List<CrmContact> read = new ArrayList<>();
        real.readContacts(selection, contact -> {
            read.add(contact);
            sink.accept(contact);
        });
        completedRead = read;
    }

    @Override
    public List<Integer> writeBack(List<WriteBack> batch) {
        long droppedBefore = CrmFaults.appliedButDropped();
        try {
            List<Integer> changed = real.writeBack(batch);
            batch.forEach(item -> applied.add(new Applied(item, clock.instant(), false)));
            return changed;
        } catch (RuntimeException e) {
            if (CrmFaults.appliedButDropped() > droppedBefore) {
                batch.forEach(item -> applied.add(new Applied(item, clock.instant(), true)));
            }
            throw e;
        }
    }

    @Override
    public void close() {
        real.close();
    }
}
