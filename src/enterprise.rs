//! Wiring of the enterprise service (KUBE groups, grants, individual support) in both
//! modes: its event store, the database of its views, and the feeds that keep them
//! current.

use std::sync::Arc;

use anyhow::Context;
use berdaya_enterprise::EnterpriseApi;
use berdaya_enterprise::views::ViewDb;
use berdaya_enterprise::views::feeds::{self, HouseholdSource};
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::sqlite::SqliteStore;
use tokio_util::sync::CancellationToken;

use crate::settings::Settings;

/// The SQLite file of the enterprise service in `berdaya up`'s data directory.
pub const EMBEDDED_DB: &str = "enterprise.db";

/// `berdaya up`: the service on `enterprise.db`, its households view following the
/// households store of the same process. Returns the service and its event store.
///
/// # Errors
/// Bad `[enterprise]` settings, or a database that cannot be opened.
pub async fn embedded(
    settings: &Settings,
    households: Arc<dyn EventStore>,
    vault: Arc<Vault>,
    stop: CancellationToken,
) -> anyhow::Result<(EnterpriseApi, Arc<dyn EventStore>)> {
    let policy = settings.enterprise.policy().map_err(anyhow::Error::msg)?;
    let path = settings.data_dir.join(EMBEDDED_DB);
    let sqlite = SqliteStore::open(&path)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let views = ViewDb::Sqlite {
        writer: sqlite.writer_pool().clone(),
        reader: sqlite.reader_pool().clone(),
    };
    views
        .ensure_schema()
        .await
        .context("creating enterprise views")?;
    let store: Arc<dyn EventStore> = Arc::new(sqlite);
    feeds::start(
        &views,
        store.clone(),
        HouseholdSource::Store(households),
        stop,
    )
    .await?;
    Ok((
        EnterpriseApi::new(store.clone(), vault, views, policy),
        store,
    ))
}

/// `berdaya serve --service enterprise`: the service on its PostgreSQL database; its
/// households view fed over NATS JetStream, or straight from the households database
/// when `enterprise.households_database_url` is set.
///
/// # Errors
/// Bad `[enterprise]` settings, or a database that cannot be prepared.
pub async fn distributed(
    settings: &Settings,
    store: Arc<dyn EventStore>,
    postgres: &PostgresStore,
    vault: Arc<Vault>,
) -> anyhow::Result<EnterpriseApi> {
    let policy = settings.enterprise.policy().map_err(anyhow::Error::msg)?;
    let views = ViewDb::Postgres(postgres.pool().clone());
    views
        .ensure_schema()
        .await
        .context("creating enterprise views")?;
    let url = &settings.enterprise.households_database_url;
    let source = if url.is_empty() {
        HouseholdSource::Nats(settings.nats.clone())
    } else {
        HouseholdSource::Store(feeds::households_store(url)?)
    };
    // The feeds stop with the process.
    feeds::start(&views, store.clone(), source, CancellationToken::new()).await?;
    Ok(EnterpriseApi::new(store, vault, views, policy))
}
