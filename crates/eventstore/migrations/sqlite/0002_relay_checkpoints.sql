-- How far each relay (or other follower of the log) has got: the cursor of the last
-- event it handled. Advanced only after the handling, never moved backwards.
CREATE TABLE relay_checkpoints (
    name       TEXT    PRIMARY KEY,
    xid        INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
);
