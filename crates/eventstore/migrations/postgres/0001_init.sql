-- The Berdaya event store, PostgreSQL engine.

-- The append-only log. `xid` is the writing transaction's id: readers of the global log
-- order by (xid, position) and read only below the oldest running transaction, so a
-- transaction that commits late is never skipped.
CREATE TABLE events (
    position        bigserial   PRIMARY KEY,
    xid             xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text        NOT NULL,
    version         bigint      NOT NULL CHECK (version >= 1),
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL,
    payload         bytea       NOT NULL,
    actor           text        NOT NULL,
    role            text        NOT NULL,
    region          text        NOT NULL,
    correlation_id  text        NOT NULL,
    causation_id    text        NOT NULL,
    idempotency_key text        NOT NULL,
    traceparent     text        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (length(hash) = 32),
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

CREATE INDEX events_xid_position ON events (xid, position);

-- Events are never updated or deleted. (A superuser can still bypass this trigger; the
-- hash chain is what makes such tampering evident.)
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- The stream index: one row per aggregate, for listing and for the version check.
CREATE TABLE streams (
    stream_id  text        PRIMARY KEY,
    category   text        NOT NULL,
    region     text        NOT NULL,
    version    bigint      NOT NULL,
    head_hash  bytea       NOT NULL CHECK (length(head_hash) = 32),
    updated_at timestamptz NOT NULL
);

CREATE INDEX streams_category_region ON streams (category, region, stream_id);

-- Idempotency records, written in the same transaction as the events they answer.
CREATE TABLE idempotency (
    actor        text        NOT NULL,
    key          text        NOT NULL,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     bytea       NOT NULL,
    stream_id    text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

-- Values unique across streams (e.g. a NIK's blind index) and the stream holding each.
CREATE TABLE unique_claims (
    scope        text NOT NULL,
    key          text NOT NULL,
    owner_stream text NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Per-subject data keys, wrapped with the master key. Erasure sets wrapped_key to NULL.
CREATE TABLE subject_keys (
    subject_id  uuid        PRIMARY KEY,
    wrapped_key bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_at   timestamptz,
    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
