-- The stream's category (aggregate type, e.g. `household`) on every event row, so that
-- the log's readers route by category and event type without parsing stream ids. Rows
-- written before this migration get the category their stream id was built with
-- (`<category>-<id>`). The hash chain does not cover the category, so no stored hash
-- changes.
ALTER TABLE events ADD COLUMN category TEXT NOT NULL DEFAULT '';

-- The backfill is the one update the log ever takes: the append-only trigger is lifted
-- for it inside this migration's transaction only.
DROP TRIGGER events_no_update;
UPDATE events SET category = CASE
    WHEN instr(stream_id, '-') > 0 THEN substr(stream_id, 1, instr(stream_id, '-') - 1)
    ELSE stream_id
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;
