-- The Berdaya event store, SQLite engine. Writers are serial (one writer connection,
-- BEGIN IMMEDIATE), so position order is commit order and no xid column is needed.

CREATE TABLE events (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id       TEXT    NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    event_id        BLOB    NOT NULL UNIQUE,
    event_type      TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    payload         BLOB    NOT NULL,
    actor           TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    correlation_id  TEXT    NOT NULL,
    causation_id    TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    traceparent     TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    prev_hash       BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash            BLOB    NOT NULL CHECK (length(hash) = 32),
    UNIQUE (stream_id, version)
);

-- Events are never updated or deleted. (Anyone with the file can drop these triggers;
-- the hash chain is what makes such tampering evident.)
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;

CREATE TABLE streams (
    stream_id  TEXT    PRIMARY KEY,
    category   TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    head_hash  BLOB    NOT NULL CHECK (length(head_hash) = 32),
    updated_at TEXT    NOT NULL
);

CREATE INDEX streams_category_region ON streams (category, region, stream_id);

CREATE TABLE idempotency (
    actor        TEXT NOT NULL,
    key          TEXT NOT NULL,
    operation    TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    response     BLOB NOT NULL,
    stream_id    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (actor, key)
);

CREATE TABLE unique_claims (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    owner_stream TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE TABLE subject_keys (
    subject_id  BLOB PRIMARY KEY,
    wrapped_key BLOB,
    created_at  TEXT NOT NULL,
    erased_at   TEXT,
    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
