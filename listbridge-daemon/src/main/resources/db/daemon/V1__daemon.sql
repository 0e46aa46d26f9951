-- The daemon's own tables. With an SQLite state store they live in a sibling file, so that receiving a
-- webhook or polling a schedule never waits for the single writer of a long cycle.

-- db-scheduler's table: the per-audience schedules, persisted so that a restart loses nothing.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(200) NOT NULL,
    task_instance        VARCHAR(200) NOT NULL,
    task_data            ${blob},
    execution_time       ${ts} NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            VARCHAR(200),
    last_success         ${ts},
    last_failure         ${ts},
    consecutive_failures INT,
    last_heartbeat       ${ts},
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_by_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_by_heartbeat ON scheduled_tasks (last_heartbeat);

-- Webhook receipts, stored raw before they are answered; processed asynchronously and replayable.
CREATE TABLE inbox (
    id           ${id},
    tool         VARCHAR(200) NOT NULL,
    audience     VARCHAR(200) NOT NULL,
    received_at  BIGINT       NOT NULL,
    method       VARCHAR(10)  NOT NULL,
    content_type VARCHAR(200),
    headers      TEXT         NOT NULL,
    body         ${blob}      NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    processed_at BIGINT,
    result       TEXT
);
CREATE INDEX inbox_by_state ON inbox (state, id);

-- Who runs the daemon on this store (informational; the lock itself is an OS file lock or an advisory lock).
CREATE TABLE daemon_owner (
    name         VARCHAR(40)  NOT NULL PRIMARY KEY,
    owner        VARCHAR(400) NOT NULL,
    since        BIGINT       NOT NULL
);
