//! Read models of the advocacy service, kept in its own database next to its event log
//! (the `advocacy.db` SQLite file of `berdaya up`, or its PostgreSQL database): the
//! local view of registry households (village, open or closed), fed by the households
//! context's events, so that a case names only households the registry knows and the
//! caller may see. The service never calls the households service.

use berdaya_eventstore::StoreError;
use berdaya_messaging::inbox::InboxDatabase;
use berdaya_messaging::{EventHandler, MessagingError};
use berdaya_runtime::Context;
pub use berdaya_views::ViewDb;
use berdaya_views::{KnownHouseholds, Source};
use sqlx::Pool;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// What the advocacy service knows of registry households: the shared households view
/// ([`berdaya_views::households`]) in its table `advocacy_households`.
pub mod households {
    use std::sync::LazyLock;

    use berdaya_eventstore::StoreError;
    pub use berdaya_views::HouseholdRow;
    use berdaya_views::{KnownHouseholds, ViewDb};
    use uuid::Uuid;

    /// The inbox consumer name of this view (its durable name on NATS).
    pub const CONSUMER: &str = "advocacy-households";

    /// The view.
    pub static VIEW: LazyLock<KnownHouseholds> =
        LazyLock::new(|| KnownHouseholds::new("advocacy_households", CONSUMER));

    /// What the view knows of one household.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(db: &ViewDb, id: Uuid) -> Result<Option<HouseholdRow>, StoreError> {
        VIEW.get(db, id).await
    }
}

/// Creates the view's table if missing (idempotent, safe from several processes).
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn ensure_schema(db: &ViewDb) -> Result<(), StoreError> {
    db.ensure(&[households::VIEW.schema()]).await
}

/// Starts the households view's feed from `source`; it runs until `stop` is cancelled.
///
/// # Errors
/// [`MessagingError`] when the inbox's tables cannot be created.
pub async fn start(
    views: &ViewDb,
    source: Source,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError> {
    Ok(vec![match views {
        ViewDb::Sqlite { writer, .. } => feed(writer.clone(), source, stop).await?,
        ViewDb::Postgres(pool) => feed(pool.clone(), source, stop).await?,
    }])
}

async fn feed<DB: InboxDatabase>(
    pool: Pool<DB>,
    source: Source,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, MessagingError>
where
    KnownHouseholds: EventHandler<DB>,
{
    berdaya_views::feed::spawn(
        pool,
        households::CONSUMER,
        Arc::new(households::VIEW.clone()),
        Context::Households,
        source,
        stop,
    )
    .await
}
