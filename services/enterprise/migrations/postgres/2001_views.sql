-- The enterprise service's group index (see src/views/groups.rs), in the service's
-- database beside its event log: migration versions from 2001 (the event store's start
-- at 1, the inbox's at 1001; see berdaya_eventstore::migrations).
--
-- IF NOT EXISTS: databases made before the views had migrations already hold these,
-- created by the same statements; this migration adopts them as they are.
CREATE TABLE IF NOT EXISTS enterprise_groups (
    group_id       TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    village_code   TEXT NOT NULL,
    stage          TEXT NOT NULL,
    facilitator_id TEXT NOT NULL,
    dissolved      BIGINT NOT NULL,
    member_count   BIGINT NOT NULL,
    last_activity  TEXT NOT NULL,
    version        BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS enterprise_groups_village ON enterprise_groups (village_code);

CREATE INDEX IF NOT EXISTS enterprise_groups_facilitator ON enterprise_groups (facilitator_id);
