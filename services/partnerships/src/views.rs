//! What the partnerships service knows of the records referrals name: registry
//! households (fed by the households context's events) and KUBE groups (fed by the
//! enterprise context's), in its own database next to its event log. The service never
//! calls those services: a household registered a moment ago may take a moment to be
//! known here.

use std::sync::LazyLock;

use berdaya_runtime::{Context, Mode};
use berdaya_views::feed::spawn_into;
use berdaya_views::{KnownGroups, KnownHouseholds, Source, ViewDb};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The inbox consumer (and NATS durable) of the households view.
pub const HOUSEHOLDS_CONSUMER: &str = "partnerships-households";
/// The inbox consumer (and NATS durable) of the groups view.
pub const GROUPS_CONSUMER: &str = "partnerships-groups";

/// The households view.
pub static HOUSEHOLDS: LazyLock<KnownHouseholds> =
    LazyLock::new(|| KnownHouseholds::new("partnerships_households", HOUSEHOLDS_CONSUMER));
/// The KUBE groups view.
pub static GROUPS: LazyLock<KnownGroups> =
    LazyLock::new(|| KnownGroups::new("partnerships_groups", GROUPS_CONSUMER));

/// Creates the views' tables and starts their feeds (from the logs of `berdaya up`, or
/// over NATS under `berdaya serve`); they run until `stop`.
///
/// # Errors
/// When a table or an inbox cannot be created, or a context has not started before.
pub async fn start(
    views: &ViewDb,
    mode: &Mode,
    stop: &CancellationToken,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    views
        .ensure(&[HOUSEHOLDS.schema(), GROUPS.schema()])
        .await?;
    let households = Source::of(mode, Context::Households)?;
    let groups = Source::of(mode, Context::Enterprise)?;
    Ok(vec![
        spawn_into(
            views,
            HOUSEHOLDS_CONSUMER,
            HOUSEHOLDS.clone(),
            Context::Households,
            households,
            stop.clone(),
        )
        .await?,
        spawn_into(
            views,
            GROUPS_CONSUMER,
            GROUPS.clone(),
            Context::Enterprise,
            groups,
            stop.clone(),
        )
        .await?,
    ])
}
