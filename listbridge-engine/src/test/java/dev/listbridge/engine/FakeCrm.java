package dev.listbridge.engine;

import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.WriteBack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-memory CRM for fast engine tests: contacts by key (a selection's keys honoured), write-backs
 * recorded (the SQL is not run; {@link #consentSetBy} gives some statements their effect on consent).
 */
final class FakeCrm implements CrmSource {
    final Map<String, CrmContact> contacts = new LinkedHashMap<>();
    final List<WriteBack> writeBacks = new ArrayList<>();
    /** Rows returned after the contacts, as a query with a join might return a key twice. */
    final List<CrmContact> extraRows = new ArrayList<>();
    /** The keys of the last read's selection (null: all). */
    java.util.Set<String> lastKeys;

    void put(String key, String email, boolean consent, Instant consentAt, String segment) {
        contacts.put(key, new CrmContact(key, email, consent, consentAt, Map.of("first_name", "F" + key, "segment", segment)));
    }

    @Override
    public void checkConnection() {
    }

    @Override
    public long countContacts() {
        return contacts.size();
    }

    @Override
    public void readContacts(ContactSelection selection, Consumer<CrmContact> sink) {
        lastKeys = selection.keys();
        List<CrmContact> rows = new ArrayList<>(contacts.values());
        rows.addAll(extraRows);
        rows.stream().filter(c -> selection.keys() == null || selection.keys().contains(c.key())).forEach(sink);
    }

    /**
     * The consent some write-back statements give the contact they name, as {@code SET newsletter = FALSE} would
     * (granting ones also set its consent time to the event's); by default none changes a contact.
     */
    final Map<String, Boolean> consentSetBy = new HashMap<>();

    /** The sizes of the write-back batches asked for, refused ones included. */
    final List<Integer> batchSizes = new ArrayList<>();
    /** A contact key whose write-back the CRM refuses, rolling back the batch holding it (null: none). */
    String refusedKey;
    /** While set, the CRM refuses every write-back with it, as a statement naming a missing column is refused. */
    String refusedStatement;

    @Override
    public List<Integer> writeBack(List<WriteBack> batch) {
        batchSizes.add(batch.size());
        if (refusedStatement != null) {
            throw new dev.listbridge.spi.PermanentException(refusedStatement, 0);
        }
        if (refusedKey != null && batch.stream().anyMatch(w -> refusedKey.equals(w.key()))) {
            throw new dev.listbridge.spi.PermanentException("value too long for the row of key " + refusedKey, 0);
        }
        writeBacks.addAll(batch);
        for (WriteBack writeBack : batch) {
            Boolean consent = consentSetBy.get(writeBack.statement());
            CrmContact contact = contacts.get(writeBack.key());
            if (consent != null && contact != null) {
                Instant consentAt = consent ? writeBack.occurredAt() : contact.consentAt();
                contacts.put(contact.key(), new CrmContact(contact.key(), contact.email(), consent, consentAt, contact.attributes()));
            }
        }
        return batch.stream().map(w -> 1).toList();
    }

    @Override
    public void close() {
    }
}
