-- Secondary indexes of streams (see the PostgreSQL migration). SQLite compares text
-- bytewise (BINARY) by default.
CREATE TABLE stream_index (
    index_name TEXT NOT NULL,
    key        TEXT NOT NULL,
    stream_id  TEXT NOT NULL,
    PRIMARY KEY (index_name, key, stream_id)
);

CREATE INDEX stream_index_stream ON stream_index (stream_id);
