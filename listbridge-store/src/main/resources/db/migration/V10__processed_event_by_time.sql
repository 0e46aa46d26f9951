-- Applied event ids are forgotten once they are older than the retention (the config's `retention`): the oldest are
-- found through this index instead of a scan of every id. It grows at its end (every cycle records its ids with one
-- time), so keeping it costs a write to the index's last page, not one at a random place.
CREATE INDEX processed_event_by_time ON processed_event (audience, processed_at);
