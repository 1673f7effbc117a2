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

/// Brings the views' tables up to date: the group index by its migrations
/// (`migrations/<engine>/`), the households view, whose table is generated, if missing.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn ensure_schema(db: &ViewDb) -> Result<(), StoreError> {
    db.migrate(
        sqlx::migrate!("./migrations/postgres"),
        sqlx::migrate!("./migrations/sqlite"),
    )
    .await?;
    db.ensure(&[households::VIEW.schema()]).await
}
