//! Read models of the enterprise service, kept in its own database next to its event
//! log (the `enterprise.db` SQLite file of `berdaya up`, or its PostgreSQL database):
//!
//! - [`households`]: what the service knows of registry households (village, open or
//!   closed), fed by the households context's events: the service never calls the
//!   households service;
//! - [`groups`]: one row per KUBE group (village, stage, facilitator, last activity),
//!   fed by the service's own log, behind the list and caseload queries;
//! - [`feeds`]: the transports that feed them, through `berdaya-messaging`'s inbox
//!   (batches applied in one transaction with each stream's applied version and the
//!   checkpoint, so each event is applied exactly once and in stream order): a local
//!   follower of a store's log, or a JetStream consumer.
//!
//! Each view's update is a pure function of (row, event), given the events of a stream
//! in order (the inbox sees to that); the handlers only read the row and write the
//! result. SQL is written once: both engines accept `$n` parameters, and
//! the tables use types both understand.

pub mod feeds;
pub mod groups;
pub mod households;

use berdaya_eventstore::StoreError;

/// The tables, created if missing (idempotent, safe from several processes: every
/// statement is `IF NOT EXISTS`).
const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS enterprise_groups (
        group_id       TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        village_code   TEXT NOT NULL,
        stage          TEXT NOT NULL,
        facilitator_id TEXT NOT NULL,
        dissolved      BIGINT NOT NULL,
        member_count   BIGINT NOT NULL,
        last_activity  TEXT NOT NULL,
        version        BIGINT NOT NULL
    )",
    "CREATE INDEX IF NOT EXISTS enterprise_groups_village ON enterprise_groups (village_code)",
    "CREATE INDEX IF NOT EXISTS enterprise_groups_facilitator
        ON enterprise_groups (facilitator_id)",
];

pub use berdaya_views::ViewDb;

/// Runs `$body` with `$pool` bound to the pool queries read from, for either engine.
macro_rules! on_reader {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::views::ViewDb::Sqlite { reader: $pool, .. } => $body,
            $crate::views::ViewDb::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_reader;

/// Creates the views' tables if missing (idempotent, safe from several processes).
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn ensure_schema(db: &ViewDb) -> Result<(), StoreError> {
    let mut statements = vec![households::VIEW.schema()];
    statements.extend(SCHEMA.iter().map(|s| (*s).to_owned()));
    db.ensure(&statements).await
}
