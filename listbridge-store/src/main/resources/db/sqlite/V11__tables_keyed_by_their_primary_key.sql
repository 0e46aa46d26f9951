-- SQLite only (PostgreSQL keeps every table as a heap with its primary key index; this version is absent there).
--
-- A table with a primary key that is not an INTEGER one is two B-trees in SQLite: the rows by rowid, and an index
-- from the primary key to the rowid. Every lookup by key (a member by address, a snapshot by contact, an event id)
-- walked both, and every upsert too. WITHOUT ROWID keeps the rows in the primary key's own B-tree: one walk. At a
-- million contacts the event pull looked up and saved 105,000 members at about 20 microseconds each, and the diff
-- saved snapshots at 27 (docs/BENCHMARKS.md). The rows are copied in key order, and the tables' other indexes made
-- again; on a large store this takes some seconds, once.

CREATE TABLE member_by_key (
    audience      VARCHAR(200) NOT NULL,
    email_key     VARCHAR(400) NOT NULL,
    address       VARCHAR(400) NOT NULL,
    member_id     VARCHAR(200),
    status        VARCHAR(20)  NOT NULL,
    status_by     VARCHAR(20)  NOT NULL,
    status_at     BIGINT       NOT NULL,
    ownership     VARCHAR(20)  NOT NULL,
    released      INTEGER      NOT NULL DEFAULT 0,
    pending_since BIGINT,
    tags          TEXT         NOT NULL DEFAULT '',
    written_at    BIGINT,
    PRIMARY KEY (audience, email_key)
) WITHOUT ROWID;
INSERT INTO member_by_key (audience, email_key, address, member_id, status, status_by, status_at, ownership, released,
        pending_since, tags, written_at)
    SELECT audience, email_key, address, member_id, status, status_by, status_at, ownership, released, pending_since,
        tags, written_at
    FROM member ORDER BY audience, email_key;
DROP TABLE member;
ALTER TABLE member_by_key RENAME TO member;
CREATE INDEX member_active ON member (audience, status) WHERE status IN ('subscribed', 'pending');
CREATE INDEX member_pending ON member (audience, status, pending_since) WHERE status = 'pending';

CREATE TABLE snapshot_by_key (
    audience     VARCHAR(200) NOT NULL,
    contact_key  VARCHAR(200) NOT NULL,
    email        VARCHAR(400),
    email_key    VARCHAR(400),
    consent      INTEGER      NOT NULL,
    consent_at   BIGINT,
    data         TEXT         NOT NULL,
    updated_at   BIGINT       NOT NULL,
    key_hash     BIGINT,
    row_sum      BIGINT,
    PRIMARY KEY (audience, contact_key)
) WITHOUT ROWID;
INSERT INTO snapshot_by_key (audience, contact_key, email, email_key, consent, consent_at, data, updated_at, key_hash,
        row_sum)
    SELECT audience, contact_key, email, email_key, consent, consent_at, data, updated_at, key_hash, row_sum
    FROM snapshot ORDER BY audience, contact_key;
DROP TABLE snapshot;
ALTER TABLE snapshot_by_key RENAME TO snapshot;
CREATE INDEX snapshot_by_key_hash ON snapshot (audience, key_hash, row_sum);

CREATE TABLE processed_event_by_key (
    audience     VARCHAR(200) NOT NULL,
    event_id     VARCHAR(400) NOT NULL,
    processed_at BIGINT       NOT NULL,
    PRIMARY KEY (audience, event_id)
) WITHOUT ROWID;
INSERT INTO processed_event_by_key (audience, event_id, processed_at)
    SELECT audience, event_id, processed_at FROM processed_event ORDER BY audience, event_id;
DROP TABLE processed_event;
ALTER TABLE processed_event_by_key RENAME TO processed_event;

CREATE TABLE seen_key_by_key (
    run_id       BIGINT       NOT NULL,
    contact_key  VARCHAR(200) NOT NULL,
    PRIMARY KEY (run_id, contact_key)
) WITHOUT ROWID;
INSERT INTO seen_key_by_key (run_id, contact_key) SELECT run_id, contact_key FROM seen_key ORDER BY run_id, contact_key;
DROP TABLE seen_key;
ALTER TABLE seen_key_by_key RENAME TO seen_key;
