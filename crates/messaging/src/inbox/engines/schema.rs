//! The inbox tables per engine, as sqlx migrations (`migrations/postgres`,
//! `migrations/sqlite`, and `migrations/portable` for the `Any` driver), including the
//! one-time take-over of the per-event applied records (`consumer_applied`) that
//! versions before per-stream ordering kept. They share their database's migration
//! record with the event store ([`berdaya_eventstore::sharing`]); sqlx serialises
//! replicas migrating at once.

use berdaya_eventstore::sharing;
use sqlx::{AnyPool, PgPool, SqlitePool};

pub(super) async fn postgres(pool: &PgPool) -> Result<(), sqlx::Error> {
    sharing(sqlx::migrate!("./migrations/postgres"))
        .run(pool)
        .await
        .map_err(sqlx::Error::from)
}

pub(super) async fn sqlite(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sharing(sqlx::migrate!("./migrations/sqlite"))
        .run(pool)
        .await
        .map_err(sqlx::Error::from)
}

pub(super) async fn portable(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sharing(sqlx::migrate!("./migrations/portable"))
        .run(pool)
        .await
        .map_err(sqlx::Error::from)
}
