-- Secondary indexes of streams: a service files each stream under keys of its choosing
-- (e.g. `35.78/2026-03-05` in the index `activity-region`) and finds streams by key
-- range. Entries are derived from a stream's state and restated, in the same transaction
-- as the events, by the append that changes them. Keys compare bytewise (COLLATE "C"),
-- never by the database's locale, so range queries mean the same on every server.
CREATE TABLE stream_index (
    index_name text NOT NULL,
    key        text COLLATE "C" NOT NULL,
    stream_id  text COLLATE "C" NOT NULL,
    PRIMARY KEY (index_name, key, stream_id)
);

CREATE INDEX stream_index_stream ON stream_index (stream_id);
