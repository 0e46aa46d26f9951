-- The state store. Times are epoch milliseconds (BIGINT) so that SQLite and PostgreSQL agree.
-- ${id} is the auto-increment primary key column of the database in use.

-- Last-synced snapshot per (audience, contact): the diff compares the CRM row hash against it.
CREATE TABLE snapshot (
    audience     VARCHAR(200) NOT NULL,
    contact_key  VARCHAR(200) NOT NULL,
    row_hash     VARCHAR(64)  NOT NULL,
    email        VARCHAR(400),
    email_key    VARCHAR(400),
    consent      INTEGER      NOT NULL,
    consent_at   BIGINT,
    data         TEXT         NOT NULL,
    updated_at   BIGINT       NOT NULL,
    PRIMARY KEY (audience, contact_key)
);

-- The ledger: contact <-> address <-> member, with validity periods.
CREATE TABLE link (
    id            ${id},
    audience      VARCHAR(200) NOT NULL,
    contact_key   VARCHAR(200) NOT NULL,
    email         VARCHAR(400) NOT NULL,
    email_key     VARCHAR(400) NOT NULL,
    member_id     VARCHAR(200),
    valid_from    BIGINT       NOT NULL,
    valid_to      BIGINT,
    opened_reason VARCHAR(60)  NOT NULL,
    close_reason  VARCHAR(60),
    fresh_consent_after BIGINT
);
CREATE INDEX link_by_address ON link (audience, email_key);
CREATE INDEX link_by_contact ON link (audience, contact_key);

-- The tool's member per (audience, address) as Listbridge last knew or intended it.
CREATE TABLE member (
    audience     VARCHAR(200) NOT NULL,
    email_key    VARCHAR(400) NOT NULL,
    address      VARCHAR(400) NOT NULL,
    member_id    VARCHAR(200),
    status       VARCHAR(20)  NOT NULL,
    status_by    VARCHAR(20)  NOT NULL,
    status_at    BIGINT       NOT NULL,
    ownership    VARCHAR(20)  NOT NULL,
    released     INTEGER      NOT NULL DEFAULT 0,
    pending_since BIGINT,
    tags         TEXT         NOT NULL DEFAULT '',
    PRIMARY KEY (audience, email_key)
);

-- Addresses that must not be (re)subscribed without newer consent. scope is an audience or '*'.
CREATE TABLE suppression (
    id           ${id},
    scope        VARCHAR(200) NOT NULL,
    email_key    VARCHAR(400) NOT NULL,
    reason       VARCHAR(40)  NOT NULL,
    source       VARCHAR(200) NOT NULL,
    occurred_at  BIGINT       NOT NULL,
    recorded_at  BIGINT       NOT NULL,
    lifted_at    BIGINT,
    lifted_reason VARCHAR(200)
);
CREATE INDEX suppression_by_address ON suppression (email_key);

-- Every intended remote write and CRM write, journaled before it is attempted.
CREATE TABLE outbox (
    id           ${id},
    run_id       BIGINT       NOT NULL,
    audience     VARCHAR(200) NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    email_key    VARCHAR(400),
    contact_key  VARCHAR(200),
    payload      TEXT         NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);
CREATE INDEX outbox_by_state ON outbox (audience, state);

-- Tool events already applied (dedupe of overlapping pulls and redeliveries).
CREATE TABLE processed_event (
    audience     VARCHAR(200) NOT NULL,
    event_id     VARCHAR(400) NOT NULL,
    processed_at BIGINT       NOT NULL,
    PRIMARY KEY (audience, event_id)
);

CREATE TABLE cursor_state (
    audience     VARCHAR(200) NOT NULL,
    name         VARCHAR(60)  NOT NULL,
    value        VARCHAR(400) NOT NULL,
    PRIMARY KEY (audience, name)
);

CREATE TABLE run (
    id           ${id},
    audience     VARCHAR(200) NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    started_at   BIGINT       NOT NULL,
    finished_at  BIGINT,
    outcome      VARCHAR(20),
    summary      TEXT
);

-- Append-only history: the contact timeline reads it.
CREATE TABLE audit (
    id           ${id},
    at           BIGINT       NOT NULL,
    audience     VARCHAR(200) NOT NULL,
    contact_key  VARCHAR(200),
    email_key    VARCHAR(400),
    kind         VARCHAR(40)  NOT NULL,
    detail       TEXT         NOT NULL
);
CREATE INDEX audit_by_contact ON audit (contact_key);
CREATE INDEX audit_by_address ON audit (email_key);

-- Keys read in the current cycle: finds duplicate CRM keys and contacts that left the selection.
CREATE TABLE seen_key (
    run_id       BIGINT       NOT NULL,
    contact_key  VARCHAR(200) NOT NULL,
    PRIMARY KEY (run_id, contact_key)
);
