//! The inbox on every engine it runs on (PostgreSQL, SQLite, and both through sqlx's
//! `Any` driver): batches applied once each in stream order, early events held back,
//! one bad event never blocking its neighbours, parking behind a parked predecessor,
//! and re-driving.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod support;

use std::sync::Arc;

use berdaya_eventstore::{EventMetadata, LogCursor};
use berdaya_messaging::{
    Applied, Checkpoint, EventEnvelope, EventHandler, HandlerError, Inbox, InboxDatabase,
    ParkedMessage, Parking,
};
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Any, AnyPool, PgPool, Postgres, Sqlite};
use uuid::Uuid;

use support::{REFUSED_SCHEMA, TALLY_SCHEMA, Tally, fresh_database};

fn event(stream_id: &str, version: i64, position: i64) -> EventEnvelope {
    EventEnvelope {
        context: "households".into(),
        event_id: Uuid::now_v7(),
        event_type: "berdaya.test.v1.Counted".into(),
        schema_version: 1,
        stream_id: stream_id.into(),
        category: berdaya_eventstore::category_of(stream_id).to_owned(),
        version,
        recorded_at: chrono::DateTime::from_timestamp_micros(1_760_000_000_000_000 + position)
            .unwrap(),
        position,
        metadata: EventMetadata::default(),
        payload: format!("{stream_id}@{version}").into_bytes(),
    }
}

/// The side door into the read model: what the projection wrote, and its refusals.
struct Side(AnyPool);

impl Side {
    async fn open(url: &str) -> Side {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .unwrap();
        for schema in [TALLY_SCHEMA, REFUSED_SCHEMA] {
            sqlx::query(schema).execute(&pool).await.unwrap();
        }
        Side(pool)
    }

    /// The versions the projection saw of `stream_id`, in order.
    async fn seen(&self, stream_id: &str) -> Option<String> {
        sqlx::query_scalar("SELECT seen FROM tally WHERE stream_id = $1")
            .bind(stream_id)
            .fetch_optional(&self.0)
            .await
            .unwrap()
    }

    async fn refuse(&self, stream_id: &str, refused: bool) {
        let sql = if refused {
            "INSERT INTO tally_refused (stream_id) VALUES ($1)"
        } else {
            "DELETE FROM tally_refused WHERE stream_id = $1"
        };
        sqlx::query(sql)
            .bind(stream_id)
            .execute(&self.0)
            .await
            .unwrap();
    }
}

fn applied(n: usize) -> Vec<Result<Applied, HandlerError>> {
    vec![Ok(Applied::Applied); n]
}

async fn the_inbox_keeps_order_and_isolates_failures<DB: InboxDatabase>(
    inbox: Inbox<DB>,
    side: Side,
) where
    Tally: EventHandler<DB>,
{
    // In order, once: a redelivered batch is all duplicates.
    let batch = [event("a", 1, 1), event("a", 2, 2), event("b", 1, 3)];
    assert_eq!(inbox.apply_batch(&batch, None).await, applied(3));
    assert_eq!(
        inbox.apply_batch(&batch, None).await,
        vec![Ok(Applied::Duplicate); 3]
    );
    assert_eq!(side.seen("a").await.as_deref(), Some("1,2"));

    // v2 before v1 is early, not a failure; it applies once v1 has.
    let v2 = event("c", 2, 5);
    let outcomes = inbox
        .apply_batch(&[v2.clone(), event("c", 1, 4)], None)
        .await;
    assert_eq!(
        outcomes,
        vec![
            Err(HandlerError::Early {
                stream_id: "c".into(),
                version: 2,
                expected: 1
            }),
            Ok(Applied::Applied)
        ]
    );
    assert_eq!(inbox.apply_batch(&[v2], None).await, applied(1));
    assert_eq!(side.seen("c").await.as_deref(), Some("1,2"));

    // A failing event is pinned down; its neighbours in the batch still apply.
    let batch = [
        event("d", 1, 6),
        event("poison-retry-1", 1, 7),
        event("e", 1, 8),
    ];
    let outcomes = inbox.apply_batch(&batch, None).await;
    assert_eq!(outcomes[0], Ok(Applied::Applied));
    assert!(
        matches!(outcomes[1], Err(HandlerError::Retry(_))),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[2], Ok(Applied::Applied));
    assert_eq!(side.seen("poison-retry-1").await, None, "rolled back");
    assert_eq!(side.seen("e").await.as_deref(), Some("1"));

    // From a log, the checkpoint passes what applied and stops at the failure.
    let batch = [
        event("f", 1, 9),
        event("poison-reject-1", 1, 10),
        event("f", 2, 11),
    ];
    let cursors: Vec<LogCursor> = (9..=11)
        .map(|position| LogCursor { xid: 0, position })
        .collect();
    let checkpoint = Checkpoint {
        source: "local:households",
        cursors: &cursors,
    };
    let outcomes = inbox.apply_batch(&batch, Some(checkpoint)).await;
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(matches!(outcomes[1], Err(HandlerError::Reject(_))));
    assert_eq!(
        inbox.checkpoint("local:households").await.unwrap(),
        cursors[0]
    );
    assert_eq!(side.seen("f").await.as_deref(), Some("1"));

    // Behind an event parked for good measure (out of retries), later ones are parked
    // too; fixed and re-driven, both apply, in order.
    side.refuse("g", true).await;
    let first = event("g", 1, 12);
    let outcome = inbox.apply_batch(std::slice::from_ref(&first), None).await;
    assert!(
        matches!(outcome[0], Err(HandlerError::Retry(_))),
        "{outcome:?}"
    );
    let parked = ParkedMessage::for_event(&first, "t.households.Counted", 5, "out of retries");
    inbox.park_at(&parked, Parking::Hold, None).await.unwrap();
    let second = event("g", 2, 13);
    let outcome = inbox.apply_batch(std::slice::from_ref(&second), None).await;
    let reason = match &outcome[0] {
        Err(HandlerError::Reject(reason)) => reason.clone(),
        other => panic!("{other:?}"),
    };
    assert!(reason.contains("waits for v1, which is parked"), "{reason}");
    let parked = ParkedMessage::for_event(&second, "t.households.Counted", 1, &reason);
    inbox
        .park_at(&parked, Parking::MovePast, None)
        .await
        .unwrap();
    assert_eq!(inbox.parked_count().await.unwrap(), 2);

    let still = inbox.redrive(None).await.unwrap();
    assert_eq!(still.applied, 0);
    assert_eq!(still.still_parked.len(), 2, "the fault is not fixed yet");
    side.refuse("g", false).await;
    let redriven = inbox.redrive(None).await.unwrap();
    assert_eq!(redriven.applied, 2, "{redriven:?}");
    assert!(redriven.still_parked.is_empty());
    assert_eq!(
        side.seen("g").await.as_deref(),
        Some("1,2"),
        "in stream order"
    );
    assert_eq!(inbox.parked_count().await.unwrap(), 0);

    // An event that can never apply moves its stream past it: the later ones count, and
    // a re-drive leaves it parked (applying it now would be out of order).
    let never = event("poison-reject-2", 1, 14);
    let outcome = inbox.apply_batch(std::slice::from_ref(&never), None).await;
    let reason = outcome[0].clone().unwrap_err().to_string();
    let parked = ParkedMessage::for_event(&never, "t.households.Counted", 1, &reason);
    inbox
        .park_at(&parked, Parking::MovePast, None)
        .await
        .unwrap();
    let redriven = inbox.redrive(None).await.unwrap();
    assert_eq!(redriven.applied, 0);
    assert!(
        redriven.still_parked[0].1.contains("moved past it"),
        "{redriven:?}"
    );
    assert_eq!(inbox.parked_count().await.unwrap(), 1);
    let after = event("i", 1, 15);
    assert_eq!(
        inbox.apply_batch(std::slice::from_ref(&after), None).await,
        applied(1)
    );
    let moved = ParkedMessage::for_event(&event("poison-reject-3", 1, 16), "t", 1, "never");
    inbox
        .park_at(&moved, Parking::MovePast, None)
        .await
        .unwrap();
    let later = event("poison-reject-3", 2, 17);
    let outcome = inbox.apply_batch(std::slice::from_ref(&later), None).await;
    assert!(
        matches!(&outcome[0], Err(HandlerError::Reject(r)) if r.contains("cannot be decoded")),
        "v2 is applied (and rejected on its own account), not held behind v1: {outcome:?}"
    );

    // How far the figures reach: the highest position and the latest recording.
    let positions = inbox.positions().await.unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].source, "households");
    assert_eq!(positions[0].position, 15);
    assert_eq!(positions[0].recorded_at, after.recorded_at);
}

#[tokio::test]
async fn on_postgres() {
    let url = fresh_database().await;
    let pool = PgPool::connect(&url).await.unwrap();
    let side = Side::open(&url).await;
    let inbox: Inbox<Postgres> = Inbox::new(pool, "tally", Arc::new(Tally)).await.unwrap();
    the_inbox_keeps_order_and_isolates_failures(inbox, side).await;
}

#[tokio::test]
async fn on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("projection.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let side = Side::open(&format!("sqlite://{}", path.display())).await;
    let inbox: Inbox<Sqlite> = Inbox::new(pool, "tally", Arc::new(Tally)).await.unwrap();
    the_inbox_keeps_order_and_isolates_failures(inbox, side).await;
}

#[tokio::test]
async fn on_postgres_through_any() {
    sqlx::any::install_default_drivers();
    let url = fresh_database().await;
    let pool = AnyPool::connect(&url).await.unwrap();
    let side = Side::open(&url).await;
    let inbox: Inbox<Any> = Inbox::new(pool, "tally", Arc::new(Tally)).await.unwrap();
    the_inbox_keeps_order_and_isolates_failures(inbox, side).await;
}

#[tokio::test]
async fn on_sqlite_through_any() {
    sqlx::any::install_default_drivers();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("projection.db").display()
    );
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let side = Side::open(&url).await;
    let inbox: Inbox<Any> = Inbox::new(pool, "tally", Arc::new(Tally)).await.unwrap();
    the_inbox_keeps_order_and_isolates_failures(inbox, side).await;
}

/// Two processes applying the same events at once (replicas, or a redelivery racing
/// the first delivery), in batches that overlap differently: each event counts once,
/// each stream in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_consumers_apply_each_event_once_on_postgres() {
    let url = fresh_database().await;
    let side = Side::open(&url).await;
    let streams: Vec<String> = (0..10).map(|n| format!("s{n}")).collect();
    let events: Vec<EventEnvelope> = (1..=5)
        .flat_map(|version| {
            streams
                .iter()
                .map(move |stream| event(stream, version, version * 100))
        })
        .collect();
    let mut racers = Vec::new();
    for size in [3, 7] {
        let pool = PgPool::connect(&url).await.unwrap();
        let inbox: Inbox<Postgres> = Inbox::new(pool, "race", Arc::new(Tally)).await.unwrap();
        let events = events.clone();
        racers.push(tokio::spawn(async move {
            let mut applied = 0;
            for batch in events.chunks(size) {
                // A lost race hands events back; they come again, as over NATS.
                let mut pending = batch.to_vec();
                while !pending.is_empty() {
                    let outcomes = inbox.apply_batch(&pending, None).await;
                    let mut again = Vec::new();
                    for (event, outcome) in pending.into_iter().zip(outcomes) {
                        match outcome {
                            Ok(Applied::Applied) => applied += 1,
                            Ok(Applied::Duplicate) => {}
                            Err(HandlerError::Retry(_) | HandlerError::Early { .. }) => {
                                again.push(event)
                            }
                            Err(other) => panic!("{other:?}"),
                        }
                    }
                    pending = again;
                }
            }
            applied
        }));
    }
    let mut applied = 0;
    for racer in racers {
        applied += racer.await.unwrap();
    }
    assert_eq!(applied, events.len(), "every event applied by one of them");
    for stream in &streams {
        assert_eq!(
            side.seen(stream).await.as_deref(),
            Some("1,2,3,4,5"),
            "{stream}"
        );
    }
}

/// The versions in a database's migration record.
async fn migrations<'e, E>(db: E) -> Vec<i64>
where
    E: sqlx::Executor<'e>,
    i64: sqlx::Type<E::Database> + for<'r> sqlx::Decode<'r, E::Database>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
    usize: sqlx::ColumnIndex<<E::Database as sqlx::Database>::Row>,
{
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(db)
        .await
        .unwrap()
}

/// A service keeps its views' inbox in its event store's database: the two migrate
/// there, in either order and again at every start, sharing one migration record.
#[tokio::test]
async fn the_inbox_and_the_event_store_share_a_database_on_both_engines() {
    use berdaya_eventstore::postgres::PostgresStore;
    use berdaya_eventstore::sqlite::SqliteStore;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("service.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let pool = store.writer_pool().clone();
    Inbox::<Sqlite>::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();
    drop(store);
    let store = SqliteStore::open(&path).await.unwrap();
    let pool = store.writer_pool().clone();
    Inbox::<Sqlite>::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();
    assert_eq!(migrations(&pool).await, [1, 2, 3, 4, 5, 1001]);

    let url = fresh_database().await;
    let pool = PgPool::connect(&url).await.unwrap();
    Inbox::<Postgres>::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();
    let store = PostgresStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    Inbox::<Postgres>::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();
    assert_eq!(migrations(&pool).await, [1, 2, 3, 4, 5, 6, 1001]);
}

/// An inbox database from before per-stream ordering recorded every applied event: its
/// records become the last version applied of each stream, once, and the old table goes.
#[tokio::test]
async fn an_older_inbox_hands_its_applied_events_over_as_stream_versions() {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("projection.db"))
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::raw_sql(
        "CREATE TABLE consumer_applied (consumer TEXT NOT NULL, event_id TEXT NOT NULL, \
         stream_id TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (consumer, event_id)); \
         INSERT INTO consumer_applied VALUES ('tally', 'e1', 's1', 1), ('tally', 'e2', 's1', 2), \
         ('tally', 'e3', 's2', 1), ('other', 'e4', 's1', 1);",
    )
    .execute(&pool)
    .await
    .unwrap();
    Inbox::<Sqlite>::new(pool.clone(), "tally", Arc::new(Tally))
        .await
        .unwrap();
    let versions: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT consumer, stream_id, version FROM consumer_streams ORDER BY consumer, stream_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let expected = [("other", "s1", 1), ("tally", "s1", 2), ("tally", "s2", 1)];
    let expected: Vec<(String, String, i64)> = expected
        .iter()
        .map(|(c, s, v)| ((*c).to_owned(), (*s).to_owned(), *v))
        .collect();
    assert_eq!(versions, expected);
    let old: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'consumer_applied'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(old, 0, "the old table is gone");
}
