//! End-to-end, distributed mode: households and reporting in separate `berdaya serve`
//! processes, each on its own PostgreSQL database, joined only by NATS JetStream. Events
//! reach the reporting projection through the relay and the durable consumer, once each,
//! even when the reporting process is killed and restarted mid-stream.

use crate::common;

use std::time::{Duration, Instant};

use berdaya_proto::berdaya::reporting::v1 as pb;
use common::cluster::{Deployment, TIMEOUT, register};
use common::{Berdaya, free_port, fresh_database, this_month};

fn serve_reporting(deployment: &Deployment, database: &str) -> Berdaya {
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{}", free_port())));
    settings.push(("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()));
    Berdaya::serve_service_with("reporting", database, free_port(), &settings)
}

/// Households registered this month in Surabaya, as the projection reports them (None
/// while the reporting process does not answer).
async fn registered(reporting: &Berdaya) -> Option<i64> {
    let attempt = async {
        let mut client = reporting.reporting(&reporting.admin_token).await;
        client
            .get_indicators(pb::GetIndicatorsRequest {
                region_prefix: "35.78".into(),
                from_month: this_month(),
                to_month: this_month(),
                indicators: vec!["registry.households_registered".into()],
            })
            .await
    };
    match tokio::time::timeout(Duration::from_secs(5), attempt).await {
        Ok(Ok(response)) => Some(
            response
                .into_inner()
                .series
                .iter()
                .map(|s| s.points[0].value)
                .sum(),
        ),
        _ => None,
    }
}

async fn wait_registered(reporting: &Berdaya, expected: i64) {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = None;
    while Instant::now() < deadline {
        last = registered(reporting).await;
        if last == Some(expected) {
            return;
        }
        assert!(
            last.unwrap_or(0) <= expected,
            "the projection counts {last:?}, more than the {expected} recorded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the projection shows {last:?} households, expected {expected}");
}

#[tokio::test]
async fn household_events_reach_the_reporting_process_over_nats_exactly_once() {
    let deployment = Deployment::new();
    let households = deployment.serve(free_port(), free_port());
    let reporting_db = fresh_database();
    let mut reporting = serve_reporting(&deployment, &reporting_db);

    for n in 0..5 {
        register(&households, n).await;
    }
    wait_registered(&reporting, 5).await;
    // What a province would publish now; an auditor reproduces it later.
    let published = reporting.machine_csv().await;
    let published_at = chrono::Utc::now().to_rfc3339();
    tokio::time::sleep(Duration::from_millis(20)).await;

    // Kill the projection mid-stream; what is recorded meanwhile arrives after the
    // restart, and what it had already applied is not counted twice.
    reporting.kill();
    for n in 5..12 {
        register(&households, n).await;
    }
    let reporting = serve_reporting(&deployment, &reporting_db);
    wait_registered(&reporting, 12).await;
    // Still 12 a moment later: no late duplicates.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(registered(&reporting).await, Some(12));

    // Point in time in the distributed mode: replaying the households' PostgreSQL store
    // up to the moment of publication gives the published file byte for byte, and up to
    // now what the projection shows now.
    let source = format!("households={}", deployment.database);
    assert_eq!(
        as_of(&published_at, &source),
        published,
        "as of publication"
    );
    let now = chrono::Utc::now().to_rfc3339();
    assert_eq!(
        as_of(&now, &source),
        reporting.machine_csv().await,
        "as of now"
    );
}

/// `berdaya reporting as-of --at AT --region 35 --source SOURCE`, its standard output.
fn as_of(at: &str, source: &str) -> String {
    let output = std::process::Command::new(common::binary())
        .args([
            "reporting",
            "as-of",
            "--region",
            "35",
            "--at",
            at,
            "--source",
            source,
        ])
        .env_remove("BERDAYA_CONFIG")
        .output()
        .expect("as-of");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}
