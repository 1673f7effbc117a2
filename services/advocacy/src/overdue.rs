//! The overdue-cases metric: every case's deadlines counted on today's date, at a
//! configured interval, into the gauge `berdaya_advocacy_overdue_cases{urgency}` of the
//! process's registry (served on `GET /metrics`). A case falls overdue with the passing
//! of days, not by an event, so the count is taken by reading the cases (cached in
//! memory, each caught up from its stream's tail).

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Duration;

use berdaya_platform::validate::today;
use prometheus::{IntGaugeVec, register_int_gauge_vec};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::AdvocacyApi;
use crate::domain::{Urgency, deadlines};

/// Open cases past a service-level target today, by urgency.
pub static OVERDUE_CASES: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    register_int_gauge_vec!(
        "berdaya_advocacy_overdue_cases",
        "Advocacy cases past a service-level target today, by urgency",
        &["urgency"]
    )
    .expect("metric berdaya_advocacy_overdue_cases")
});

impl AdvocacyApi {
    /// Overdue cases today, by urgency (every urgency present, zero when none).
    ///
    /// # Errors
    /// A store or codec failure.
    pub async fn overdue_counts(&self) -> anyhow::Result<BTreeMap<Urgency, i64>> {
        let today = today();
        let mut counts: BTreeMap<Urgency, i64> = Urgency::ALL.iter().map(|u| (*u, 0)).collect();
        self.each_case(|case| {
            if deadlines(case, today).is_some_and(|d| d.overdue()) {
                *counts.entry(case.urgency).or_default() += 1;
            }
        })
        .await?;
        Ok(counts)
    }
}

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
