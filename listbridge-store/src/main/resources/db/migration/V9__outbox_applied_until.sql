-- maybe_applied_at now holds until when (our clock) the tool may have carried out an attempt of the write: the arrival
-- of its answer, whole or cut short after a success status (the call was handled by then), or 120 s after a failure
-- that leaves the call running on the tool's side (a 500, 502 or 504, a timeout, a reset). Before, it held the end of
-- the attempts and the 120 s were added when it was read: rows written then get them now.
UPDATE outbox SET maybe_applied_at = maybe_applied_at + 120000 WHERE maybe_applied_at IS NOT NULL;
