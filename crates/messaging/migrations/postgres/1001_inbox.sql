-- The inbox's own tables: per consumer, the last version applied of each stream, the
-- checkpoint and position of each source, and the messages it parked. They live in the
-- database of the service (or read model) that consumes, often the one its event
-- store uses, so the migration record is shared: the inbox's versions start at 1001,
-- the event store's at 1 (see berdaya_eventstore::sharing).
--
-- IF NOT EXISTS: databases made before the inbox had migrations already hold these
-- tables, created by the same statements; this migration adopts them as they are.

CREATE TABLE IF NOT EXISTS consumer_streams (
    consumer  text   NOT NULL,
    stream_id text   NOT NULL,
    version   bigint NOT NULL,
    PRIMARY KEY (consumer, stream_id)
);

CREATE TABLE IF NOT EXISTS consumer_checkpoints (
    consumer   text        NOT NULL,
    source     text        NOT NULL,
    xid        bigint      NOT NULL,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, source)
);

CREATE TABLE IF NOT EXISTS consumer_positions (
    consumer    text        NOT NULL,
    source      text        NOT NULL,
    position    bigint      NOT NULL,
    recorded_at timestamptz NOT NULL,
    applied_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, source)
);

CREATE TABLE IF NOT EXISTS consumer_parked (
    consumer    text        NOT NULL,
    message_key text        NOT NULL,
    subject     text        NOT NULL,
    event_id    uuid,
    event_type  text        NOT NULL,
    stream_id   text        NOT NULL,
    version     bigint,
    deliveries  bigint      NOT NULL,
    reason      text        NOT NULL,
    headers     text        NOT NULL,
    payload     bytea       NOT NULL,
    parked_at   timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_key)
);

-- Versions before per-stream ordering recorded every applied event in
-- consumer_applied; the last version per stream is all the ordering needs (their
-- handlers applied each stream in order). A database without it gets an empty one, so
-- the take-over reads the same everywhere.
CREATE TABLE IF NOT EXISTS consumer_applied (
    consumer  text NOT NULL,
    stream_id text NOT NULL,
    version   bigint NOT NULL
);
INSERT INTO consumer_streams (consumer, stream_id, version)
SELECT consumer, stream_id, MAX(version) FROM consumer_applied WHERE true
GROUP BY consumer, stream_id ON CONFLICT (consumer, stream_id) DO NOTHING;
DROP TABLE consumer_applied;
