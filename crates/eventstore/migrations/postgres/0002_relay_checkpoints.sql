-- How far each relay has published the log: the cursor of the last event whose publish
-- was acknowledged. Advanced only after the acknowledgements, never moved backwards.
CREATE TABLE relay_checkpoints (
    name       text        PRIMARY KEY,
    xid        bigint      NOT NULL,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
