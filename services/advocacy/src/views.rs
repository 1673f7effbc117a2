//! Read models of the advocacy service, kept in its own database next to its event log
//! (the `advocacy.db` SQLite file of `berdaya up`, or its PostgreSQL database): the
//! local view of registry households (village, open or closed), fed by the households
//! context's events, so that a case names only households the registry knows and the
//! caller may see; and the local view of the partner registry (kind, active, suspended
//! or retired, regions served), fed by the partnerships context's events, so that an
//! action names only partners the registry knows. The service never calls the
//! households or partnerships services: a record registered a moment ago may take a
//! moment to be known here.

use berdaya_eventstore::StoreError;
use berdaya_messaging::MessagingError;
use berdaya_runtime::Context;
use berdaya_views::Source;
pub use berdaya_views::ViewDb;
use berdaya_views::feed::spawn_into;
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

/// What the advocacy service knows of the partner registry: the shared partners view
/// ([`berdaya_views::partners`]) in its table `advocacy_partners`.
pub mod partners {
    use std::sync::LazyLock;

    use berdaya_eventstore::StoreError;
    use berdaya_views::{KnownPartners, ViewDb};
    pub use berdaya_views::{PartnerRow, PartnerStatus};
    use uuid::Uuid;

    /// The inbox consumer name of this view (its durable name on NATS).
    pub const CONSUMER: &str = "advocacy-partners";

    /// The view.
    pub static VIEW: LazyLock<KnownPartners> =
        LazyLock::new(|| KnownPartners::new("advocacy_partners", CONSUMER));

    /// What the view knows of one partner.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn get(db: &ViewDb, id: Uuid) -> Result<Option<PartnerRow>, StoreError> {
        VIEW.get(db, id).await
    }
}

/// Where the views hear of other contexts' records.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The households context's events.
    pub households: Source,
    /// The partnerships context's events.
    pub partnerships: Source,
}

/// Creates the views' tables if missing (idempotent, safe from several processes).
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn ensure_schema(db: &ViewDb) -> Result<(), StoreError> {
    db.ensure(&[households::VIEW.schema(), partners::VIEW.schema()])
        .await
}

/// Starts the views' feeds from `sources`; they run until `stop` is cancelled.
///
/// # Errors
/// [`MessagingError`] when the inboxes' tables cannot be created.
pub async fn start(
    views: &ViewDb,
    sources: Sources,
    stop: CancellationToken,
) -> Result<Vec<JoinHandle<()>>, MessagingError> {
    Ok(vec![
        spawn_into(
            views,
            households::CONSUMER,
            households::VIEW.clone(),
            Context::Households,
            sources.households,
            stop.clone(),
        )
        .await?,
        spawn_into(
            views,
            partners::CONSUMER,
            partners::VIEW.clone(),
            Context::Partnerships,
            sources.partnerships,
            stop,
        )
        .await?,
    ])
}
