//! Issue 20, item 1: a log that already holds an absurd figure (recorded before every
//! amount was bounded: `iks` = i64::MAX and friends) must not break the figures of its
//! province. The projection parks the event and carries on, every read path answers, a
//! cell never overflows, and a read model an older version poisoned (SQLite stored the
//! wrapped sum as a REAL) is repaired by a rebuild. On real SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

use std::sync::Arc;

use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_eventstore::{AppendBatch, EventMetadata, EventStore, ExpectedVersion, NewEvent};
use berdaya_messaging::{EventEnvelope, HandlerError};
use berdaya_proto::berdaya::enterprise::v1 as pb;
use berdaya_reporting::contexts::enterprise::{IKS, REVENUE};
use berdaya_reporting::follow::{Source, catch_up};
use berdaya_reporting::rebuild::rebuild;
use berdaya_reporting::store::ReadModel;
use prost::Message;
use sqlx::Row;
use uuid::Uuid;

const VILLAGE: &str = "35.78.01.1001";

fn new_event(event_type: &str, payload: Vec<u8>) -> NewEvent {
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: format!("berdaya.enterprise.v1.{event_type}"),
        schema_version: 1,
        payload,
    }
}

fn report(month: &str, revenue: i64, iks: i64) -> NewEvent {
    new_event(
        "ProgressReported",
        pb::ProgressReported {
            month: month.into(),
            revenue,
            costs: 0,
            profit: revenue,
            capital: 0,
            split: Some(pb::ProfitSplit {
                capital: revenue.saturating_sub(iks),
                member_welfare: 0,
                iks,
            }),
            reported_on: format!("{month}-28"),
            note: String::new(),
        }
        .encode_to_vec(),
    )
}

async fn append(store: &dyn EventStore, stream: &str, events: Vec<NewEvent>) {
    let metadata = EventMetadata {
        actor: "attacker".into(),
        role: "caseworker".into(),
        region: VILLAGE.into(),
        ..EventMetadata::default()
    };
    store
        .append(AppendBatch::new(
            stream,
            "kube",
            ExpectedVersion::Any,
            events,
            metadata,
        ))
        .await
        .expect("append");
}

/// Two KUBE groups of one village. The first reported the attack of issue 20 (revenue
/// and IKS of i64::MAX, then a second absurd report), then an honest month; the second
/// group reported honestly. As a log written before the bounds existed would hold it.
async fn legacy_log() -> Arc<dyn EventStore> {
    let store: Arc<dyn EventStore> = Arc::new(SqliteStore::in_memory().await.expect("store"));
    for (n, stream) in ["kube-a", "kube-b"].into_iter().enumerate() {
        let formed = pb::KubeGroupFormed {
            group_id: format!("group-{n}"),
            name: "KUBE".into(),
            village_code: VILLAGE.into(),
            sector: "ternak".into(),
            formed_on: "2026-01-10".into(),
            member_household_ids: (0..5).map(|i| format!("h{n}{i}")).collect(),
            ..pb::KubeGroupFormed::default()
        };
        append(
            store.as_ref(),
            stream,
            vec![new_event("KubeGroupFormed", formed.encode_to_vec())],
        )
        .await;
    }
    append(
        store.as_ref(),
        "kube-a",
        vec![
            report("2026-01", i64::MAX, i64::MAX),
            report("2026-02", 9_223_372_036_854_000_000, 339_999),
        ],
    )
    .await;
    append(
        store.as_ref(),
        "kube-b",
        vec![report("2026-02", 3_000_000, 100_000)],
    )
    .await;
    append(
        store.as_ref(),
        "kube-a",
        vec![report("2026-03", 1_000_000, 50_000)],
    )
    .await;
    store
}

fn sources(store: &Arc<dyn EventStore>) -> Vec<Source> {
    vec![Source {
        name: "enterprise".into(),
        store: store.clone(),
    }]
}

/// The last business month the log reports (its reports are recorded today).
const LAST: &str = "2026-03";

/// Every read path of the reporting service, for the village, regency and province.
async fn every_read_answers(model: &ReadModel, month: &str) {
    for prefix in ["35", "35.78", "35.78.01", VILLAGE] {
        model.csv(prefix, "", "").await.expect("csv");
        model
            .series(prefix, "2026-01", month, &[])
            .await
            .expect("series");
        if prefix.len() < 13 {
            model
                .breakdown(prefix, month, REVENUE)
                .await
                .expect("breakdown");
        }
    }
}

async fn value(model: &ReadModel, prefix: &str, month: &str, indicator: &str, dim: &str) -> i64 {
    model
        .series(prefix, month, month, &[indicator.to_owned()])
        .await
        .expect("series")
        .into_iter()
        .find(|s| s.dimension == dim)
        .map_or(0, |s| s.points[0].1)
}

async fn the_absurd_reports_are_parked_and_the_rest_counts(model: ReadModel) {
    let store = legacy_log().await;
    catch_up(&model, &sources(&store), |_| {})
        .await
        .expect("the projection carries on past the absurd reports");
    every_read_answers(&model, LAST).await;
    assert_eq!(model.inbox().parked_count().await.expect("parked"), 2);
    // The honest reports of both groups, the later one of the attacker's group included,
    // each in the month it reports.
    let honest = [
        (REVENUE, "", "2026-01", 0),
        (REVENUE, "", "2026-02", 3_000_000),
        (REVENUE, "", "2026-03", 1_000_000),
        (IKS, "COLLECTED", "2026-02", 100_000),
        (IKS, "COLLECTED", "2026-03", 50_000),
    ];
    for (indicator, dim, month, expected) in honest {
        assert_eq!(value(&model, "35", month, indicator, dim).await, expected);
    }

    // A rebuild gives the same figures and parks the same events again (one row each).
    rebuild(&model, &sources(&store), |_| {})
        .await
        .expect("rebuild");
    every_read_answers(&model, LAST).await;
    for (indicator, dim, month, expected) in honest {
        assert_eq!(value(&model, "35", month, indicator, dim).await, expected);
    }
    assert_eq!(model.inbox().parked_count().await.expect("parked"), 2);
}

async fn sqlite_model(dir: &tempfile::TempDir) -> ReadModel {
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("reporting.db").display()
    );
    ReadModel::open(&url).await.expect("open")
}

/// A fresh PostgreSQL database for one test, dropped by the returned guard's owner.
async fn postgres_model() -> (ReadModel, String, sqlx::PgPool) {
    let admin = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("berdaya_report_{}", Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("admin connection");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("create database");
    let url = format!(
        "{}/{name}",
        &admin[..admin.rfind('/').expect("database part")]
    );
    (ReadModel::open(&url).await.expect("open"), name, pool)
}

#[tokio::test]
async fn absurd_legacy_figures_are_parked_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    the_absurd_reports_are_parked_and_the_rest_counts(sqlite_model(&dir).await).await;
}

#[tokio::test]
async fn absurd_legacy_figures_are_parked_on_postgresql() {
    let (model, name, pool) = postgres_model().await;
    the_absurd_reports_are_parked_and_the_rest_counts(model).await;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pool)
        .await;
}

/// A cell near the limit: the delta that would overflow it is refused (the event is a
/// poison event for the consumer, which parks it) and the cell keeps its value.
async fn a_cell_never_overflows(model: ReadModel) {
    let store = legacy_log().await;
    // The month of the honest report below.
    let month = "2026-02";
    let events: Vec<EventEnvelope> = store
        .read_all(berdaya_eventstore::LogCursor::START, 100)
        .await
        .expect("read")
        .iter()
        .map(|e| EventEnvelope::from_recorded("enterprise", e))
        .collect();
    // Both formations, then the near-limit cell.
    let formed = model.inbox().apply_batch(&events[..2], None).await;
    assert!(formed.iter().all(Result::is_ok), "{formed:?}");
    let near = i64::MAX - 1_000_000;
    sqlx::query(
        "INSERT INTO report_facts (region, month, indicator, dimension, value) VALUES ($1, $2, $3, '', $4)",
    )
    .bind(VILLAGE)
    .bind(month)
    .bind(REVENUE)
    .bind(near)
    .execute(model.pool())
    .await
    .expect("seed");
    let honest = events
        .iter()
        .find(|e| e.stream_id == "kube-b" && e.version == 2)
        .expect("honest report");
    let refused = model
        .inbox()
        .apply_batch(std::slice::from_ref(honest), None)
        .await;
    assert!(
        matches!(&refused[0], Err(HandlerError::Reject(reason)) if reason.contains("would overflow")),
        "{refused:?}"
    );
    assert_eq!(value(&model, VILLAGE, month, REVENUE, "").await, near);
    // The province's sum of that cell and others still reads (no SUM overflow).
    every_read_answers(&model, LAST).await;
}

#[tokio::test]
async fn a_cell_never_overflows_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    a_cell_never_overflows(sqlite_model(&dir).await).await;
}

#[tokio::test]
async fn a_cell_never_overflows_on_postgresql() {
    let (model, name, pool) = postgres_model().await;
    a_cell_never_overflows(model).await;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pool)
        .await;
}

/// Sums of many cells beyond i64 (cells that each fit) read as the nearest figure instead
/// of failing every read of the province.
#[tokio::test]
async fn sums_of_huge_cells_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = sqlite_model(&dir).await;
    for village in ["35.78.01.1001", "35.78.01.1002", "35.78.01.1003"] {
        sqlx::query(
            "INSERT INTO report_facts (region, month, indicator, dimension, value) VALUES ($1, '2026-03', $2, '', $3)",
        )
        .bind(village)
        .bind(REVENUE)
        .bind(i64::MAX - 7)
        .execute(model.pool())
        .await
        .expect("seed");
    }
    assert_eq!(value(&model, "35", "2026-03", REVENUE, "").await, i64::MAX);
    let breakdown = model
        .breakdown("", "2026-03", REVENUE)
        .await
        .expect("breakdown");
    assert_eq!(breakdown, vec![("35".to_owned(), i64::MAX)]);
}

/// A read model an older version poisoned (the wrapped running sum stored as a REAL)
/// still answers every read, and `berdaya reporting rebuild` repairs it.
#[tokio::test]
async fn a_poisoned_sqlite_read_model_is_repaired_by_a_rebuild() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = sqlite_model(&dir).await;
    let store = legacy_log().await;
    catch_up(&model, &sources(&store), |_| {})
        .await
        .expect("follow");
    sqlx::query("UPDATE report_facts SET value = 9.3e18 WHERE indicator = $1")
        .bind(REVENUE)
        .execute(model.pool())
        .await
        .expect("poison");
    let kind: String = sqlx::query("SELECT typeof(value) FROM report_facts WHERE indicator = $1")
        .bind(REVENUE)
        .fetch_one(model.pool())
        .await
        .expect("typeof")
        .get(0);
    assert_eq!(kind, "real", "the poison of issue 20");
    every_read_answers(&model, LAST).await;

    rebuild(&model, &sources(&store), |_| {})
        .await
        .expect("rebuild");
    let kinds: Vec<String> = sqlx::query("SELECT DISTINCT typeof(value) FROM report_facts")
        .fetch_all(model.pool())
        .await
        .expect("typeof")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(kinds, ["integer"]);
    assert_eq!(value(&model, "35", "2026-02", REVENUE, "").await, 3_000_000);
    assert_eq!(value(&model, "35", "2026-03", REVENUE, "").await, 1_000_000);
    every_read_answers(&model, LAST).await;
}

fn reader<T>(message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .extensions_mut()
        .insert(berdaya_platform::Principal::new(
            "reader",
            vec![berdaya_platform::Role::Auditor],
            vec!["*".into()],
        ));
    request
}

/// Issue 20 item 2: 100,000 unknown indicator ids made 80 MB of error metadata. The
/// count is refused before any id is looked at, and a list within the count gets a
/// bounded error with the ids cut.
#[tokio::test]
async fn get_indicators_bounds_its_list_and_its_error() {
    use berdaya_proto::berdaya::reporting::v1 as rpb;
    use berdaya_proto::berdaya::reporting::v1::reporting_service_server::ReportingService;
    let dir = tempfile::tempdir().expect("tempdir");
    let api = berdaya_reporting::grpc::ReportingApi::new(sqlite_model(&dir).await);
    let ask = |indicators: Vec<String>| rpb::GetIndicatorsRequest {
        region_prefix: "35".into(),
        from_month: "2026-01".into(),
        to_month: "2026-02".into(),
        indicators,
    };
    let status = api
        .get_indicators(reader(ask(vec!["x".repeat(40); 100_000])))
        .await
        .expect_err("too many");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "indicators: at most 64 entries, got 100000"
    );
    let status = api
        .get_indicators(reader(ask(vec!["\u{1}".repeat(1 << 20); 64])))
        .await
        .expect_err("unknown");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert!(
        status.message().len() < 16 * 1024,
        "{}",
        status.message().len()
    );
    assert!(status.message().ends_with("44 more violations not listed"));

    let status = api
        .export_csv(reader(rpb::ExportCsvRequest {
            region_prefix: "35".into(),
            from_month: "2026-05".into(),
            to_month: "2026-01".into(),
            ..Default::default()
        }))
        .await
        .err()
        .expect("from after to");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "to_month: must not be before from_month (2026-05)"
    );
}
