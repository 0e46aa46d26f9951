-- The snapshot index: the diff loads (key_hash, row_sum) of an audience's snapshots into memory once per
-- cycle, sorted by key hash, instead of looking every contact up. Both are 64-bit hashes computed in Java;
-- row_sum replaces row_hash (a changed hash function only makes every contact look changed once), and rows
-- written before this migration get their key_hash when the index is first loaded.
ALTER TABLE snapshot ADD COLUMN key_hash BIGINT;
ALTER TABLE snapshot ADD COLUMN row_sum BIGINT;
ALTER TABLE snapshot DROP COLUMN row_hash;
CREATE INDEX snapshot_by_key_hash ON snapshot (audience, key_hash, row_sum);

-- The pending-confirmation report and the guard's population look at a few statuses of a large table.
CREATE INDEX member_by_status ON member (audience, status);
