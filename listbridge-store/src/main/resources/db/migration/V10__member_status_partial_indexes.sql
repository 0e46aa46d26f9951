-- member_by_status held every member by status, though its two queries read only the active members (the blast-radius
-- guard's population, Members.countActive) and the pending ones (the pending-confirmation report): every status change
-- moved an entry from one place of the index to another, two random writes, where an opt-out now takes one entry out
-- of the active members' index (at a million contacts, 100,000 of each per event pull). The queries repeat the indexes'
-- WHERE terms as written: SQLite takes a partial index only then. Both keep status in their key, so that SQLite sees
-- them narrow the query more than the primary key's audience does.
DROP INDEX member_by_status;
CREATE INDEX member_active ON member (audience, status) WHERE status IN ('subscribed', 'pending');
CREATE INDEX member_pending ON member (audience, status, pending_since) WHERE status = 'pending';
