-- Idempotency records keep where their command's events stand instead of a copy of the
-- answer: the answer may carry personal data (a household's members with names and NIKs),
-- which must stay erasable. A retry's answer is rebuilt from the events, so personal data
-- erased since reads as erased. Records made before this change get the versions of the
-- events their command wrote (the events record the actor and the idempotency key).
ALTER TABLE idempotency ADD COLUMN first_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE idempotency ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
UPDATE idempotency SET
    first_version = COALESCE((SELECT min(e.version) FROM events e
        WHERE e.stream_id = idempotency.stream_id AND e.actor = idempotency.actor
          AND e.idempotency_key = idempotency.key), 0),
    last_version = COALESCE((SELECT max(e.version) FROM events e
        WHERE e.stream_id = idempotency.stream_id AND e.actor = idempotency.actor
          AND e.idempotency_key = idempotency.key), 0);
-- Overwrite the old answers before dropping the column, so that (with secure_delete on
-- the writer connection) their bytes do not linger in free pages.
UPDATE idempotency SET response = x'';
ALTER TABLE idempotency DROP COLUMN response;
