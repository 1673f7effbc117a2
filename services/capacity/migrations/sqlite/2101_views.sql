-- The capacity service's caseload view (see src/views.rs), in the service's database
-- beside its event log: migration versions from 2101 (the event store's start at 1, the
-- inbox's at 1001; see berdaya_eventstore::migrations).
--
-- IF NOT EXISTS: databases made before the views had migrations already hold it,
-- created by the same statement; this migration adopts it as it is.
CREATE TABLE IF NOT EXISTS capacity_caseload (
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    village_code TEXT NOT NULL,
    facilitator_id TEXT NOT NULL,
    active BIGINT NOT NULL,
    PRIMARY KEY (kind, record_id)
);
