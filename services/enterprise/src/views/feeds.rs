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
use berdaya_messaging::{
    ConsumerSettings, EventHandler, Inbox, JetStreamConsumer, LocalSource, MessagingError,
    NatsSettings,
};
use sqlx::Pool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::ViewDb;
use super::groups::{self, GroupsView};
use super::households::{self, HouseholdsView};

/// The context name of the enterprise log (its checkpoint source is `local:enterprise`).
pub const ENTERPRISE_CONTEXT: &str = "enterprise";
/// The context name of the households log.
pub const HOUSEHOLDS_CONTEXT: &str = "households";

/// Where the households view hears of households.
#[derive(Debug, Clone)]
pub enum HouseholdSource {
    /// Follow the households service's event store directly.
    Store(Arc<dyn EventStore>),
    /// A durable JetStream consumer of the households context's subjects.
    Nats(NatsSettings),
}

/// Starts the feeds of both views; they run until `stop` is cancelled.
///
/// # Errors
/// [`MessagingError`] when an inbox's tables cannot be created.
pub async fn start(
    views: &ViewDb,
    own: Arc<dyn EventStore>,
    households: HouseholdSource,
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
    households: HouseholdSource,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError>
where
    HouseholdsView: EventHandler<DB>,
    GroupsView: EventHandler<DB>,
{
    let groups_inbox = Inbox::new(pool.clone(), groups::CONSUMER, Arc::new(GroupsView)).await?;
    let households_inbox = Inbox::new(pool, households::CONSUMER, Arc::new(HouseholdsView)).await?;
    let own = LocalSource::new(
        own,
        ENTERPRISE_CONTEXT,
        groups_inbox,
        ConsumerSettings::default(),
    );
    let mut tasks = vec![spawn_local(own, stop.clone())];
    tasks.push(match households {
        HouseholdSource::Store(store) => spawn_local(
            LocalSource::new(
                store,
                HOUSEHOLDS_CONTEXT,
                households_inbox,
                ConsumerSettings::default(),
            ),
            stop,
        ),
        HouseholdSource::Nats(settings) => {
            let filter =
                berdaya_messaging::subject::context_subjects(&settings.subject_prefix, HOUSEHOLDS_CONTEXT);
            let consumer = JetStreamConsumer::new(
                settings,
                households::CONSUMER,
                Some(&filter),
                Arc::new(households_inbox),
            )?;
            tokio::spawn(async move {
                if let Err(error) = consumer.run(stop).await {
                    tracing::error!(%error, "households consumer of the enterprise service stopped");
                }
            })
        }
    });
    Ok(tasks)
}

fn spawn_local<DB: InboxDatabase>(
    source: LocalSource<DB>,
    stop: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(error) = source.run(stop).await {
            tracing::error!(source = %source.source_name(), %error, "enterprise view feed stopped");
        }
    })
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
