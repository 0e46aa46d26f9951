-- The tool's own change time (its answer's, e.g. Mailchimp's last_changed) of an unsubscribe Listbridge wrote, while
-- the member is so; null otherwise. A later poll showing the member unsubscribed with a newer change time is the
-- recipient acting again, not the echo of Listbridge's write: both times are on the tool's clock.
ALTER TABLE member ADD COLUMN written_at BIGINT;
