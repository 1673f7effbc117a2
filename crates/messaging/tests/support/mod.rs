//! Shared fixtures: a private PostgreSQL database per test, unique stream settings on
//! the machine's NATS server (`NATS_URL`, default `nats://127.0.0.1:4222`), events to
//! feed, and one projection handler that runs on both engines.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use async_trait::async_trait;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::{AppendBatch, EventMetadata, EventStore, ExpectedVersion, NewEvent};
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError, NatsSettings};
use sqlx::{
    Any, AnyConnection, Connection, Executor, PgConnection, Postgres, Sqlite, SqliteConnection,
};
use uuid::Uuid;

/// How long a polling wait may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database; returns its URL.
pub(crate) async fn fresh_database() -> String {
    let name = format!("berdaya_msg_{}", Uuid::new_v4().simple());
    let admin = admin_url();
    let mut conn = PgConnection::connect(&admin).await.unwrap();
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    conn.close().await.unwrap();
    let slash = admin.rfind('/').unwrap();
    format!("{}/{name}", &admin[..slash])
}

/// A PostgreSQL event store in a fresh database.
pub(crate) async fn postgres_store() -> PostgresStore {
    PostgresStore::connect(&fresh_database().await)
        .await
        .unwrap()
}

/// Settings with a stream and subject prefix of the test's own, quick retries.
pub(crate) fn nats_settings() -> NatsSettings {
    let tag = Uuid::new_v4().simple().to_string();
    let mut settings = NatsSettings {
        url: std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into()),
        stream: format!("TEST{}", &tag[..12]),
        subject_prefix: format!("test{}", &tag[..12]),
        max_age_days: 1,
        ..NatsSettings::default()
    };
    settings.relay.poll_interval_ms = 20;
    settings.relay.max_backoff_ms = 500;
    settings.consumer.max_deliver = 3;
    settings.consumer.retry_backoff_ms = 50;
    settings.consumer.ack_wait_secs = 5;
    settings.consumer.fetch_wait_ms = 200;
    settings
}

/// Appends one event to `stream_id` (a new stream, or the next version with `version`).
pub(crate) async fn append(store: &dyn EventStore, stream_id: &str, version: i64) {
    let expected = if version == 1 {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exact(version - 1)
    };
    let event = NewEvent {
        event_id: Uuid::now_v7(),
        event_type: "berdaya.test.v1.Counted".into(),
        schema_version: 1,
        payload: format!("{stream_id}@{version}").into_bytes(),
    };
    let metadata = EventMetadata {
        actor: "tester".into(),
        role: "caseworker".into(),
        region: "35.78.01.1001".into(),
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
        ..EventMetadata::default()
    };
    let batch = AppendBatch::new(stream_id, "test", expected, vec![event], metadata);
    store.append(batch).await.unwrap();
}

/// Polls `check` until it returns true.
pub(crate) async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + TIMEOUT;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A projection: counts events per stream in `tally`, and remembers the order it saw
/// each stream's versions in (`seen`). Streams named `poison-retry-*` always fail
/// (retryable), `poison-reject-*` are rejected outright, `poison-panic-*` make the
/// handler panic; a stream listed in `tally_refused` fails (retryable) until it is
/// taken off the list (a fault someone can fix).
#[derive(Debug, Default)]
pub(crate) struct Tally;

/// The projection's table; the same SQL runs on both engines.
pub(crate) const TALLY_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS tally (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL, \
     seen TEXT NOT NULL DEFAULT '')";
/// The list of streams the projection refuses for now.
pub(crate) const REFUSED_SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS tally_refused (stream_id TEXT PRIMARY KEY)";
const TALLY_UPSERT: &str = "INSERT INTO tally (stream_id, events, seen) VALUES ($1, 1, $2) \
     ON CONFLICT (stream_id) DO UPDATE SET events = tally.events + 1, \
     seen = tally.seen || ',' || excluded.seen";
const REFUSED: &str = "SELECT count(*) FROM tally_refused WHERE stream_id = $1";

fn verdict(event: &EventEnvelope) -> Result<(), HandlerError> {
    if event.stream_id.starts_with("poison-retry") {
        return Err(HandlerError::Retry("tally is stuck on this one".into()));
    }
    if event.stream_id.starts_with("poison-panic") {
        panic!("tally cannot cope with {}", event.stream_id);
    }
    if event.stream_id.starts_with("poison-reject") {
        return Err(HandlerError::Reject("payload cannot be decoded".into()));
    }
    Ok(())
}

macro_rules! tally_on {
    ($db:ty, $conn:ty) => {
        #[async_trait]
        impl EventHandler<$db> for Tally {
            async fn handle(
                &self,
                conn: &mut $conn,
                event: &EventEnvelope,
            ) -> Result<(), HandlerError> {
                // Write first, fail after: a failure must roll the write back.
                sqlx::query(TALLY_UPSERT)
                    .bind(&event.stream_id)
                    .bind(event.version.to_string())
                    .execute(&mut *conn)
                    .await?;
                let refused: i64 = sqlx::query_scalar(REFUSED)
                    .bind(&event.stream_id)
                    .fetch_one(&mut *conn)
                    .await?;
                if refused > 0 {
                    return Err(HandlerError::Retry(format!(
                        "{} is refused for now",
                        event.stream_id
                    )));
                }
                verdict(event)
            }
        }
    };
}

tally_on!(Postgres, PgConnection);
tally_on!(Sqlite, SqliteConnection);
tally_on!(Any, AnyConnection);
