//! What the enterprise service knows of registry households: the shared households view
//! ([`berdaya_views::households`]) in its table `enterprise_households`.

use std::sync::LazyLock;

use berdaya_eventstore::StoreError;
pub use berdaya_views::HouseholdRow;
use berdaya_views::{KnownHouseholds, ViewDb};
use uuid::Uuid;

/// The inbox consumer name of this view (its durable name on NATS).
pub const CONSUMER: &str = "enterprise-households";

/// The view.
pub static VIEW: LazyLock<KnownHouseholds> =
    LazyLock::new(|| KnownHouseholds::new("enterprise_households", CONSUMER));

/// What the view knows of one household.
///
/// # Errors
/// [`StoreError`] when the database fails.
pub async fn get(db: &ViewDb, id: Uuid) -> Result<Option<HouseholdRow>, StoreError> {
    VIEW.get(db, id).await
}
