//! End-to-end, distributed mode, under load and faults: households, reporting and
//! enterprise as separate `berdaya serve` processes, each on its own PostgreSQL
//! database, joined only by NATS JetStream. Households are registered and then moved
//! to another decile (two events per household stream) while the reporting and
//! enterprise processes are killed with SIGKILL mid-load and restarted, and while the
//! reporting database is cut off for 10 s. Afterwards both read models say what the
//! households log says, nothing is parked, and the consumer counters say what happened.
//!
//! The consumers run with settings under which the old behaviour parked early events
//! within a second (three tries, 200 ms apart), while a killed consumer holds their
//! predecessors for 8 s.

use crate::common;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use berdaya_eventstore::{EventStore, LogCursor};
use berdaya_proto::berdaya::reporting::v1 as pb;
use berdaya_reporting::follow::Source;
use berdaya_reporting::store::ReadModel;
use common::cluster::{
    Deployment, PgProxy, metrics, register, sample, update_decile, wait_count, wait_metric,
};
use common::{Berdaya, free_port, fresh_database, this_month};

/// Households registered, then updated: two events each.
const HOUSEHOLDS: usize = 90;
/// How long the convergence may take after the last fault (redeliveries wait for
/// `ack_wait`, and the backoff after an outage).
const SETTLE: Duration = Duration::from_secs(120);

fn consumer_settings(deployment: &Deployment, metrics_port: u16) -> Vec<(&'static str, String)> {
    let mut settings = deployment.nats_settings();
    settings.extend([
        ("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")),
        ("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()),
        ("BERDAYA_NATS__CONSUMER__ACK_WAIT_SECS", "8".to_owned()),
        ("BERDAYA_NATS__CONSUMER__MAX_DELIVER", "3".to_owned()),
        ("BERDAYA_NATS__CONSUMER__RETRY_BACKOFF_MS", "200".to_owned()),
    ]);
    settings
}

fn serve(service: &str, deployment: &Deployment, database: &str, metrics_port: u16) -> Berdaya {
    let settings = consumer_settings(deployment, metrics_port);
    Berdaya::serve_service_with(service, database, free_port(), &settings)
}

/// Registers and updates households `range`, three at a time; counts each in `done`.
fn load(
    households: Arc<Berdaya>,
    range: Range<usize>,
    done: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    let next = Arc::new(AtomicUsize::new(range.start));
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let (households, next, done, end) =
                (households.clone(), next.clone(), done.clone(), range.end);
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= end {
                        return;
                    }
                    let id = register(&households, n).await;
                    update_decile(&households, n, &id).await;
                    done.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    tokio::spawn(async move {
        for worker in workers {
            worker.await.unwrap();
        }
    })
}

/// Events a consumer has applied, as its database records them (each applied event
/// moved its stream's version up by one).
async fn applied_in_database(database: &str, consumer: &str) -> i64 {
    let pool = sqlx::PgPool::connect(database).await.unwrap();
    let sum: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(version) AS BIGINT) FROM consumer_streams WHERE consumer = $1",
    )
    .bind(consumer)
    .fetch_one(&pool)
    .await
    .unwrap();
    sum.unwrap_or(0)
}

/// The figures a rebuild from the households log gives, as CSV.
async fn rebuilt(households_database: &str) -> (String, i64) {
    let store: Arc<dyn EventStore> = Arc::new(
        berdaya_eventstore::postgres::PostgresStore::connect(households_database)
            .await
            .unwrap(),
    );
    // The log's reader sees a commit only once no older transaction is still open (so
    // it never skips one that commits later): wait until it sees the last event.
    let pool = sqlx::PgPool::connect(households_database).await.unwrap();
    let committed: i64 = sqlx::query_scalar("SELECT max(position) FROM events")
        .fetch_one(&pool)
        .await
        .unwrap();
    let deadline = Instant::now() + SETTLE;
    let last = loop {
        let last = store
            .read_all(LogCursor::START, 100_000)
            .await
            .unwrap()
            .last()
            .unwrap()
            .cursor
            .position;
        if last == committed || Instant::now() > deadline {
            break last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let model = ReadModel::open("sqlite::memory:").await.unwrap();
    let sources = [Source {
        name: "households".to_owned(),
        store,
    }];
    berdaya_reporting::follow::catch_up(&model, &sources, |_| {})
        .await
        .unwrap();
    (model.csv("35", "", "").await.unwrap(), last)
}

/// The live figures as CSV, through the reporting process's API (None while it does
/// not answer).
async fn live(reporting: &Berdaya) -> Option<String> {
    let attempt = async {
        let mut client = reporting.reporting(&reporting.admin_token).await;
        let mut chunks = client
            .export_csv(pb::ExportCsvRequest {
                region_prefix: "35".into(),
                from_month: String::new(),
                to_month: String::new(),
                ..Default::default()
            })
            .await?
            .into_inner();
        let mut csv = Vec::new();
        while let Some(chunk) = chunks.message().await? {
            csv.extend(chunk.data);
        }
        Ok::<_, tonic::Status>(String::from_utf8(csv).unwrap())
    };
    tokio::time::timeout(Duration::from_secs(5), attempt)
        .await
        .ok()?
        .ok()
}

async fn wait_for_figures(reporting: &Berdaya, expected: &str) {
    let deadline = Instant::now() + SETTLE;
    let mut last = None;
    while Instant::now() < deadline {
        last = live(reporting).await;
        if last.as_deref() == Some(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the figures never matched the rebuild:\nlive {last:?}\nrebuilt {expected}");
}

/// The freshness GetIndicators states.
async fn freshness(reporting: &Berdaya) -> Option<pb::Freshness> {
    let mut client = reporting.reporting(&reporting.admin_token).await;
    let answer = client
        .get_indicators(pb::GetIndicatorsRequest {
            region_prefix: "35".into(),
            from_month: this_month(),
            to_month: this_month(),
            indicators: vec![],
        })
        .await
        .ok()?;
    answer.into_inner().freshness
}

/// Waits until `consumer` on `port` has applied something.
async fn wait_applying(port: u16, consumer: &str) {
    let series = format!("berdaya_consumer_applied_total{{consumer=\"{consumer}\"}}");
    let deadline = Instant::now() + SETTLE;
    while sample(&metrics(port).await, &series).unwrap_or(0.0) < 1.0 {
        assert!(
            Instant::now() < deadline,
            "{consumer} never applied anything"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The restarted process applied the `left` events its predecessor had not: each is
/// counted as applied, or, when the database committed it but the answer was lost in
/// the outage, as a duplicate at its redelivery. Nothing else is applied; the
/// duplicates also count what the killed process had applied without acknowledging.
fn assert_counted(applied: f64, duplicates: f64, left: f64) {
    assert!(applied <= left, "applied {applied} of {left} left");
    assert!(
        applied + duplicates >= left,
        "applied {applied} + duplicates {duplicates} < {left} left"
    );
}

fn counter(text: &str, metric: &str, consumer: &str) -> f64 {
    let series = format!("{metric}{{consumer=\"{consumer}\"}}");
    sample(text, &series).unwrap_or_else(|| panic!("no {series} in:\n{text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projections_lose_nothing_to_a_crash_or_a_database_outage_under_load() {
    let deployment = Deployment::new();
    let households = Arc::new(deployment.serve(free_port(), free_port()));
    let reporting_db = fresh_database();
    let enterprise_db = fresh_database();
    let mut proxy = PgProxy::start().await;
    let reporting_url = proxy.url(&reporting_db);
    let (reporting_metrics, enterprise_metrics) = (free_port(), free_port());
    let mut reporting = serve("reporting", &deployment, &reporting_url, reporting_metrics);
    let mut enterprise = serve(
        "enterprise",
        &deployment,
        &enterprise_db,
        enterprise_metrics,
    );
    let done = Arc::new(AtomicUsize::new(0));
    let events = 2 * HOUSEHOLDS;

    // Both consumers killed mid-load, once they are applying; the load goes on; they
    // come back after it.
    let warm_up = load(households.clone(), 0..3, done.clone());
    warm_up.await.unwrap();
    wait_applying(reporting_metrics, "reporting").await;
    wait_applying(enterprise_metrics, "enterprise-households").await;
    let first = load(households.clone(), 3..HOUSEHOLDS / 2, done.clone());
    wait_count(&done, HOUSEHOLDS / 4).await;
    reporting.kill();
    enterprise.kill();
    first.await.unwrap();
    let reporting_before = applied_in_database(&reporting_db, "reporting").await;
    let enterprise_before = applied_in_database(&enterprise_db, "enterprise-households").await;
    let reporting_metrics = free_port();
    let reporting = serve("reporting", &deployment, &reporting_url, reporting_metrics);
    let enterprise_metrics = free_port();
    let _enterprise = serve(
        "enterprise",
        &deployment,
        &enterprise_db,
        enterprise_metrics,
    );

    // The reporting database cut off for 10 s mid-load, once the restarted process is
    // applying (a process that cannot reach its database at start-up stops).
    wait_applying(reporting_metrics, "reporting").await;
    wait_applying(enterprise_metrics, "enterprise-households").await;
    let second = load(households.clone(), HOUSEHOLDS / 2..HOUSEHOLDS, done.clone());
    wait_count(&done, HOUSEHOLDS * 2 / 3).await;
    proxy.down().await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    proxy.up().await;
    second.await.unwrap();

    // The read model equals a rebuild from the log.
    let (expected, last_position) = rebuilt(&deployment.database).await;
    let registered = format!(
        "35.78.01.1001,{},registry.households_registered,,{HOUSEHOLDS}",
        this_month()
    );
    assert!(expected.contains(&registered), "{expected}");
    wait_for_figures(&reporting, &expected).await;

    // Nothing parked; the counters say what happened.
    let parked = "berdaya_consumer_parked{consumer=\"reporting\"}";
    wait_metric(reporting_metrics, parked, 0.0).await;
    let lag = "berdaya_consumer_lag_seconds{consumer=\"reporting\"}";
    wait_metric(reporting_metrics, lag, 0.0).await;
    let text = metrics(reporting_metrics).await;
    assert_eq!(
        counter(&text, "berdaya_consumer_parked_total", "reporting"),
        0.0
    );
    let left = (i64::try_from(events).unwrap() - reporting_before) as f64;
    let applied = counter(&text, "berdaya_consumer_applied_total", "reporting");
    let duplicates = counter(&text, "berdaya_consumer_duplicates_total", "reporting");
    eprintln!(
        "reporting: {reporting_before} applied before the kill; after: applied {applied}, duplicates {duplicates}, early {}, retries {}",
        counter(&text, "berdaya_consumer_early_total", "reporting"),
        counter(&text, "berdaya_consumer_retries_total", "reporting"),
    );
    assert_counted(applied, duplicates, left);

    // The answers say how current they are.
    let deadline = Instant::now() + SETTLE;
    let fresh = loop {
        let fresh = freshness(&reporting).await;
        if fresh.as_ref().is_some_and(|f| f.pending_events == 0) {
            break fresh.unwrap();
        }
        assert!(Instant::now() < deadline, "still pending: {fresh:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(fresh.parked_events, 0);
    assert_eq!(fresh.sources.len(), 1, "{fresh:?}");
    assert_eq!(fresh.sources[0].source, "households");
    assert_eq!(fresh.sources[0].position, last_position);

    // The enterprise service's households view: every household, at its second version.
    let pool = sqlx::PgPool::connect(&enterprise_db).await.unwrap();
    let deadline = Instant::now() + SETTLE;
    loop {
        let current: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM enterprise_households WHERE version = 2 AND active = 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if current == i64::try_from(HOUSEHOLDS).unwrap() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the view has {current} of {HOUSEHOLDS}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let view = "enterprise-households";
    wait_metric(
        enterprise_metrics,
        &format!("berdaya_consumer_parked{{consumer=\"{view}\"}}"),
        0.0,
    )
    .await;
    let text = metrics(enterprise_metrics).await;
    assert_eq!(counter(&text, "berdaya_consumer_parked_total", view), 0.0);
    assert_counted(
        counter(&text, "berdaya_consumer_applied_total", view),
        counter(&text, "berdaya_consumer_duplicates_total", view),
        (i64::try_from(events).unwrap() - enterprise_before) as f64,
    );

    // The operator's view agrees: nothing parked.
    let listed = std::process::Command::new(common::binary())
        .args(["reporting", "parked", "list"])
        .env_remove("BERDAYA_CONFIG")
        .env("BERDAYA_DATABASE_URL", &reporting_db)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(
        listed.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&listed.stdout)
    );

    // Everything delivered again (the durable consumer reset): every event is a
    // duplicate, and the figures do not move.
    let mut reporting = reporting;
    reporting.kill();
    let client = async_nats::connect(deployment.nats.url()).await.unwrap();
    let js = async_nats::jetstream::new(client);
    js.get_stream(&deployment.stream)
        .await
        .unwrap()
        .delete_consumer("reporting")
        .await
        .unwrap();
    let again_metrics = free_port();
    let again = serve("reporting", &deployment, &reporting_url, again_metrics);
    let duplicates = "berdaya_consumer_duplicates_total{consumer=\"reporting\"}";
    wait_metric(again_metrics, duplicates, events as f64).await;
    let text = metrics(again_metrics).await;
    assert_eq!(
        counter(&text, "berdaya_consumer_applied_total", "reporting"),
        0.0
    );
    assert_eq!(live(&again).await.as_deref(), Some(expected.as_str()));
}
