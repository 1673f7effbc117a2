//! The transports that keep the views current, all through `berdaya-messaging`'s
//! [`Inbox`] (each event applied once, in one transaction with its applied record and
//! checkpoint):
//!
//! - the group index follows the service's own log with a [`LocalSource`], in both
//!   modes (it lives in the same database);
//! - the households view follows the households context's log: in `berdaya up` with a
//!   [`LocalSource`] over the households store in the same process; in
//!   `berdaya serve` over NATS JetStream with a durable consumer of
//!   `<prefix>.households.>`, or, when `enterprise.households_database_url` is set, with
//!   a [`LocalSource`] over the households service's PostgreSQL database.

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_messaging::inbox::InboxDatabase;
use berdaya_messaging::{ConsumerSettings, EventHandler, Inbox, LocalSource, MessagingError};
use berdaya_runtime::Context;
use berdaya_views::{KnownHouseholds, Source};
use sqlx::Pool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::ViewDb;
use super::groups::{self, GroupsView};
use super::households;

/// The context name of the enterprise log (its checkpoint source is `local:enterprise`).
pub const ENTERPRISE_CONTEXT: &str = "enterprise";

/// Starts the feeds of both views; they run until `stop` is cancelled.
///
/// # Errors
/// [`MessagingError`] when an inbox's tables cannot be created.
pub async fn start(
    views: &ViewDb,
    own: Arc<dyn EventStore>,
    households: Source,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError> {
    match views {
        ViewDb::Sqlite { writer, .. } => spawn_all(writer.clone(), own, households, stop).await,
        ViewDb::Postgres(pool) => spawn_all(pool.clone(), own, households, stop).await,
    }
}

async fn spawn_all<DB: InboxDatabase>(
    pool: Pool<DB>,
    own: Arc<dyn EventStore>,
    households: Source,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError>
where
    KnownHouseholds: EventHandler<DB>,
    GroupsView: EventHandler<DB>,
{
    let groups_inbox = Inbox::new(pool.clone(), groups::CONSUMER, Arc::new(GroupsView)).await?;
    let own = LocalSource::new(
        own,
        ENTERPRISE_CONTEXT,
        groups_inbox,
        ConsumerSettings::default(),
    );
    let own_feed = tokio::spawn({
        let stop = stop.clone();
        async move {
            if let Err(error) = own.run(stop).await {
                tracing::error!(%error, "enterprise groups view feed stopped");
            }
        }
    });
    let households_feed = berdaya_views::feed::spawn(
        pool,
        households::CONSUMER,
        Arc::new(households::VIEW.clone()),
        Context::Households,
        households,
        stop,
    )
    .await?;
    Ok(vec![own_feed, households_feed])
}

/// The households service's event store at `url` (PostgreSQL), for following its log
/// directly. Connects lazily, with a small pool, and never migrates: the schema is the
/// households service's to manage.
///
/// # Errors
/// [`berdaya_eventstore::StoreError::Internal`] for a malformed URL.
pub fn households_store(url: &str) -> Result<Arc<dyn EventStore>, berdaya_eventstore::StoreError> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(berdaya_eventstore::postgres::ACQUIRE_TIMEOUT)
        .connect_lazy(url)
        .map_err(|e| {
            berdaya_eventstore::StoreError::Internal(format!("bad households database URL: {e}"))
        })?;
    Ok(Arc::new(
        berdaya_eventstore::postgres::PostgresStore::from_pool(pool),
    ))
}
