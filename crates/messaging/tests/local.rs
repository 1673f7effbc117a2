//! The embedded mode: a local source follows another SQLite store's log into a SQLite
//! read model, through the same handler the NATS consumer runs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod support;

use std::sync::Arc;
use std::time::Duration;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_messaging::{ConsumerSettings, Inbox, LocalSource};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Sqlite, SqlitePool};
use tokio_util::sync::CancellationToken;

use support::{Tally, append, eventually};

async fn tally(pool: &SqlitePool, stream_id: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT events FROM tally WHERE stream_id = $1")
        .bind(stream_id)
        .fetch_optional(pool)
        .await
        .unwrap()
}

async fn read_model(path: &std::path::Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    for schema in [support::TALLY_SCHEMA, support::REFUSED_SCHEMA] {
        sqlx::query(schema).execute(&pool).await.unwrap();
    }
    pool
}

fn quick() -> ConsumerSettings {
    ConsumerSettings {
        max_deliver: 3,
        retry_backoff_ms: 10,
        ..ConsumerSettings::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_source_applies_each_event_once_across_restarts_and_parks_poison() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn EventStore> = Arc::new(
        SqliteStore::open(&dir.path().join("households.db"))
            .await
            .unwrap(),
    );
    let pool = read_model(&dir.path().join("projection.db")).await;
    let inbox: Inbox<Sqlite> = Inbox::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();

    append(store.as_ref(), "household-a", 1).await;
    append(store.as_ref(), "poison-retry-1", 1).await;
    append(store.as_ref(), "household-a", 2).await;
    let source = LocalSource::new(store.clone(), "households", inbox.clone(), quick());
    assert_eq!(source.catch_up().await.unwrap(), 3);
    assert_eq!(tally(&pool, "household-a").await, Some(2));
    assert_eq!(tally(&pool, "poison-retry-1").await, None);
    let parked = inbox.parked(10).await.unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].deliveries, 3);
    assert_eq!(parked[0].subject, "local:households");

    // A restarted source resumes after its checkpoint: nothing is applied twice.
    append(store.as_ref(), "household-b", 1).await;
    let restarted = LocalSource::new(store.clone(), "households", inbox.clone(), quick());
    assert_eq!(restarted.catch_up().await.unwrap(), 1);
    assert_eq!(restarted.catch_up().await.unwrap(), 0);
    assert_eq!(tally(&pool, "household-a").await, Some(2));
    assert_eq!(tally(&pool, "household-b").await, Some(1));

    // Following: new events are applied as they are committed.
    let stop = CancellationToken::new();
    let follower = LocalSource::new(store.clone(), "households", inbox.clone(), quick())
        .with_poll_interval(Duration::from_millis(10));
    let follow_stop = stop.clone();
    let task = tokio::spawn(async move { follower.run(follow_stop).await });
    append(store.as_ref(), "household-b", 2).await;
    append(store.as_ref(), "poison-reject-1", 1).await;
    append(store.as_ref(), "poison-panic-1", 1).await;
    eventually("household-b's second event", || async {
        tally(&pool, "household-b").await == Some(2)
    })
    .await;
    eventually("the rejected and the panicking events parked", || async {
        inbox.parked(10).await.unwrap().len() == 3
    })
    .await;
    let parked = inbox.parked(10).await.unwrap();
    let panicked = parked
        .iter()
        .find(|p| p.stream_id == "poison-panic-1")
        .unwrap();
    assert_eq!(panicked.deliveries, 1);
    assert!(
        panicked
            .reason
            .contains("handler panicked: tally cannot cope"),
        "{}",
        panicked.reason
    );
    stop.cancel();
    task.await.unwrap().unwrap();
    let source_name = restarted.source_name();
    let last = store
        .read_all(berdaya_eventstore::LogCursor::START, 100)
        .await
        .unwrap()
        .last()
        .unwrap()
        .cursor;
    assert_eq!(inbox.checkpoint(&source_name).await.unwrap(), last);
}
