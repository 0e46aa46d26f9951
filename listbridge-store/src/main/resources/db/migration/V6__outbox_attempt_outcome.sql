-- Whether the tool may have carried out an attempt of a write (unsubscribes only, the engine's own opt-out writes).
-- in_flight_at: our clock when the attempt now under way was sent; left set when the process dies during the call.
-- maybe_applied_at: our clock at the end of the latest call of which an attempt may have been carried out (answered,
-- or failed in a way that does not prove the contrary: a 500 or 502, a timeout, a reset, a cut answer); null while
-- every attempt provably was not (a 429, a 503, no connection). A poll showing the member unsubscribed with a change
-- time later than both (converted to the tool's clock) is the recipient's own opt-out, not this write coming back.
ALTER TABLE outbox ADD COLUMN in_flight_at BIGINT;
ALTER TABLE outbox ADD COLUMN maybe_applied_at BIGINT;
-- Unsubscribes attempted before this migration: may have been carried out up to their last attempt.
UPDATE outbox SET maybe_applied_at = updated_at WHERE kind = 'unsubscribe' AND attempts > 0;
