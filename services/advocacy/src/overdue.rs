//! The overdue-cases metric: the cases the overdue index files as overdue today, their
//! deadlines counted on today's date, at a configured interval, into the gauge
//! `berdaya_advocacy_overdue_cases{urgency}` of the process's registry (served on
//! `GET /metrics`). A case falls overdue with the passing of days, not by an event, so
//! the count is taken again and again ([`AdvocacyApi::overdue_counts`]).

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{IntGaugeVec, register_int_gauge_vec};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::AdvocacyApi;

/// Open cases past a service-level target today, by urgency.
#[allow(
    clippy::expect_used,
    reason = "a metric that cannot register is a programming error, found by the first test"
)]
pub static OVERDUE_CASES: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    register_int_gauge_vec!(
        "berdaya_advocacy_overdue_cases",
        "Advocacy cases past a service-level target today, by urgency",
        &["urgency"]
    )
    .expect("metric berdaya_advocacy_overdue_cases")
});

/// Refreshes [`OVERDUE_CASES`] every `interval` until `stop`.
pub fn spawn(api: AdvocacyApi, interval: Duration, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match api.overdue_counts().await {
                Ok(counts) => {
                    for (urgency, count) in counts {
                        OVERDUE_CASES.with_label_values(&[urgency.key()]).set(count);
                    }
                }
                Err(error) => tracing::warn!(%error, "counting overdue advocacy cases failed"),
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(interval) => {}
            }
        }
    })
}
