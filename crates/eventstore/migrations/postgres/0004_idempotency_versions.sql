-- Idempotency records keep where their command's events stand instead of a copy of the
-- answer: the answer may carry personal data (a household's members with names and NIKs),
-- which must stay erasable. A retry's answer is rebuilt from the events, so personal data
-- erased since reads as erased. Records made before this change get the versions of the
-- events their command wrote (the events record the actor and the idempotency key).
ALTER TABLE idempotency ADD COLUMN first_version bigint NOT NULL DEFAULT 0;
ALTER TABLE idempotency ADD COLUMN last_version bigint NOT NULL DEFAULT 0;
UPDATE idempotency i SET
    first_version = COALESCE(v.first_version, 0),
    last_version = COALESCE(v.last_version, 0)
FROM (
    SELECT stream_id, actor, idempotency_key, min(version) AS first_version,
           max(version) AS last_version
    FROM events GROUP BY stream_id, actor, idempotency_key
) v
WHERE v.stream_id = i.stream_id AND v.actor = i.actor AND v.idempotency_key = i.key;
ALTER TABLE idempotency DROP COLUMN response;
