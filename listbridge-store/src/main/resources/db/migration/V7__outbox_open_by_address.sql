-- An address's open writes (pending, dead letters, parked): the pull asks for them for every opt-out, the planning for
-- every address it changes. outbox_by_address holds every write ever journaled, nearly all of them done or
-- superseded, and a lookup read each of those rows to see its state: a random read of the outbox per address (at a
-- million contacts, a 350 MB table). This index holds the open writes only. Queries that use it repeat its WHERE
-- term (Outbox.OPEN): SQLite takes a partial index only for a query that contains the index's condition as written.
CREATE INDEX outbox_open_by_address ON outbox (audience, email_key, kind) WHERE state NOT IN ('done', 'superseded');
