-- Two indexes by address held every row, though their queries read only a few of them; each was one more random
-- write per row (at a million contacts, per event pulled: the audit entries and the journaled write-back).
-- The contact timeline (Audit.timeline) reads a contact's entries by contact, and an address's entries only where
-- they name no contact: each index now holds just the entries its half of the query reads, so neither can serve the
-- other half (`contact_key = ?` implies `contact_key IS NOT NULL`; the query repeats `contact_key IS NULL`).
DROP INDEX audit_by_address;
DROP INDEX audit_by_contact;
CREATE INDEX audit_by_contact ON audit (contact_key) WHERE contact_key IS NOT NULL;
CREATE INDEX audit_unattributed_by_address ON audit (email_key) WHERE contact_key IS NULL;
-- An address's open writes have their own index (V7); only unsubscribes are asked for in every state
-- (Outbox.unsubscribeMayHaveApplied, whether one of Listbridge's own opt-out writes may have been carried out).
DROP INDEX outbox_by_address;
CREATE INDEX outbox_unsubscribes_by_address ON outbox (audience, email_key) WHERE kind = 'unsubscribe';
