-- Planning supersedes earlier unfinished writes for the same address; without this index each lookup
-- scanned every pending row, which made an initial push quadratic in the number of members.
CREATE INDEX outbox_by_address ON outbox (audience, email_key, kind);
