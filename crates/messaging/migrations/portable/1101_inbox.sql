-- The inbox's own tables: per consumer, the last version applied of each stream, the
-- checkpoint and position of each source, and the messages it parked. They live in the
-- database of the service (or read model) that consumes, often the one its event
-- store uses, so the migration record is shared: the inbox's versions start at 1101,
-- the event store's at 1 (see berdaya_eventstore::sharing).
--
-- IF NOT EXISTS: databases made before the inbox had migrations already hold these
-- tables, created by the same statements; this migration adopts them as they are.
--
-- Types both engines accept, for the `Any` driver: ids and times as text. Its own
-- version range (1101), since a database may have had the native inbox first.

CREATE TABLE IF NOT EXISTS consumer_streams (
    consumer  TEXT   NOT NULL,
    stream_id TEXT   NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (consumer, stream_id)
);

CREATE TABLE IF NOT EXISTS consumer_checkpoints (
    consumer   TEXT   NOT NULL,
    source     TEXT   NOT NULL,
    xid        BIGINT NOT NULL,
    position   BIGINT NOT NULL,
    updated_at TEXT   NOT NULL,
    PRIMARY KEY (consumer, source)
);

CREATE TABLE IF NOT EXISTS consumer_positions (
    consumer    TEXT   NOT NULL,
    source      TEXT   NOT NULL,
    position    BIGINT NOT NULL,
    recorded_at TEXT   NOT NULL,
    applied_at  TEXT   NOT NULL,
    PRIMARY KEY (consumer, source)
);

CREATE TABLE IF NOT EXISTS consumer_parked (
    consumer    TEXT   NOT NULL,
    message_key TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    event_id    TEXT,
    event_type  TEXT   NOT NULL,
    stream_id   TEXT   NOT NULL,
    version     BIGINT,
    deliveries  BIGINT NOT NULL,
    reason      TEXT   NOT NULL,
    headers     TEXT   NOT NULL,
    payload     BYTEA  NOT NULL,
    parked_at   TEXT   NOT NULL,
    PRIMARY KEY (consumer, message_key)
);

-- Versions before per-stream ordering recorded every applied event in
-- consumer_applied; the last version per stream is all the ordering needs (their
-- handlers applied each stream in order). A database without it gets an empty one, so
-- the take-over reads the same everywhere.
CREATE TABLE IF NOT EXISTS consumer_applied (
    consumer  TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    version   BIGINT NOT NULL
);
INSERT INTO consumer_streams (consumer, stream_id, version)
SELECT consumer, stream_id, MAX(version) FROM consumer_applied WHERE true
GROUP BY consumer, stream_id ON CONFLICT (consumer, stream_id) DO NOTHING;
DROP TABLE consumer_applied;
