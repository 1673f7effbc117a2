//! The conformance suite and SQLite-only checks, each test on its own file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod conformance;

use std::sync::Arc;

use async_trait::async_trait;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_eventstore::{EventStore, ExpectedVersion};
use sqlx::{Executor, SqlitePool};
use tempfile::TempDir;

use conformance::{Store, Tamper, batch};

/// A store in a private temporary directory, removed when the test ends.
struct TestDb {
    dir: TempDir,
    store: Arc<SqliteStore>,
}

impl TestDb {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("events.db"))
            .await
            .unwrap();
        Self {
            dir,
            store: Arc::new(store),
        }
    }

    fn store(&self) -> Store {
        self.store.clone()
    }
}

macro_rules! conformance_checks {
    ($($check:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $check() {
                let db = TestDb::new().await;
                conformance::$check(db.store()).await;
            }
        )*
    };
}

conformance_checks!(
    round_trip,
    version_conflict_writes_nothing,
    concurrent_same_expected_version,
    idempotency,
    concurrent_idempotency,
    unique_claims,
    erasure,
    list_streams,
    stream_index,
    empty_batch,
    read_all_follower,
    relay_checkpoints,
    concurrent_appends_all_commit,
);

conformance::group_check!(SqliteStore);

/// Tampers through the writer connection after dropping the append-only triggers, as
/// anyone holding the file could.
struct SqliteTamper(SqlitePool);

impl SqliteTamper {
    async fn drop_guards(&self) {
        self.0
            .execute("DROP TRIGGER IF EXISTS events_no_update")
            .await
            .unwrap();
        self.0
            .execute("DROP TRIGGER IF EXISTS events_no_delete")
            .await
            .unwrap();
    }
}

#[async_trait]
impl Tamper for SqliteTamper {
    async fn plain_update_refused(&self, stream_id: &str, version: i64) -> bool {
        sqlx::query("UPDATE events SET payload = payload WHERE stream_id = ?1 AND version = ?2")
            .bind(stream_id)
            .bind(version)
            .execute(&self.0)
            .await
            .is_err()
    }

    async fn flip_payload_byte(&self, stream_id: &str, version: i64) {
        self.drop_guards().await;
        let mut payload: Vec<u8> =
            sqlx::query_scalar("SELECT payload FROM events WHERE stream_id = ?1 AND version = ?2")
                .bind(stream_id)
                .bind(version)
                .fetch_one(&self.0)
                .await
                .unwrap();
        payload[0] ^= 1;
        let done =
            sqlx::query("UPDATE events SET payload = ?3 WHERE stream_id = ?1 AND version = ?2")
                .bind(stream_id)
                .bind(version)
                .bind(payload)
                .execute(&self.0)
                .await
                .unwrap();
        assert_eq!(done.rows_affected(), 1);
    }

    async fn delete_event(&self, stream_id: &str, version: i64) {
        self.drop_guards().await;
        let done = sqlx::query("DELETE FROM events WHERE stream_id = ?1 AND version = ?2")
            .bind(stream_id)
            .bind(version)
            .execute(&self.0)
            .await
            .unwrap();
        assert_eq!(done.rows_affected(), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hash_chain() {
    let db = TestDb::new().await;
    let tamper = SqliteTamper(db.store.writer_pool().clone());
    conformance::hash_chain(db.store(), &tamper).await;
}

/// The file keeps the log across a close and reopen; migrations run once.
#[tokio::test]
async fn reopen_keeps_data() {
    let db = TestDb::new().await;
    let path = db.dir.path().join("events.db");
    db.store()
        .append(batch("household-keep", ExpectedVersion::NoStream, 2))
        .await
        .unwrap();
    drop(db.store);
    let again = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        again
            .read_stream("household-keep", 0, None)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        again
            .verify_stream("household-keep")
            .await
            .unwrap()
            .is_intact()
    );
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(again.writer_pool())
        .await
        .unwrap();
    assert_eq!(journal, "wal");
}

/// The in-memory store runs the same suite's basic round trip.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_memory_round_trip() {
    let store: Store = Arc::new(SqliteStore::in_memory().await.unwrap());
    conformance::round_trip(store).await;
}

/// A store made before idempotency records lost their answers (migration 3): its record,
/// whose answer held personal data in clear, gets the versions of its command's events
/// from the log, and the answer is gone from the file.
#[tokio::test]
async fn an_older_store_upgrades_its_idempotency_records() {
    use sqlx::sqlite::SqliteConnectOptions;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let pool = SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true),
    )
    .await
    .unwrap();
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 3)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    for version in 1..=3_i64 {
        let key = if version == 3 { "later" } else { "first" };
        sqlx::query(
            "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
             payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
             traceparent, recorded_at, prev_hash, hash) VALUES ('household-old', ?1, ?2, \
             'berdaya.households.v1.X', 1, x'00', 'integrator-1', 'caseworker', '35', '', '', \
             ?3, '', '2026-01-01T00:00:00Z', zeroblob(32), zeroblob(32))",
        )
        .bind(version)
        .bind(uuid::Uuid::now_v7())
        .bind(key)
        .execute(&pool)
        .await
        .unwrap();
    }
    for key in ["first", "later"] {
        sqlx::query(
            "INSERT INTO idempotency (actor, key, operation, request_hash, response, stream_id, \
             created_at) VALUES ('integrator-1', ?1, 'op', zeroblob(32), \
             CAST('Siti Aminah 3578015506880002' AS BLOB), 'household-old', '2026-01-01')",
        )
        .bind(key)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let store = SqliteStore::open(&path).await.unwrap();
    let first = store
        .idempotency_record("integrator-1", "first")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((first.first_version, first.last_version), (1, 2));
    let later = store
        .idempotency_record("integrator-1", "later")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((later.first_version, later.last_version), (3, 3));
    // Still open: the database file and its WAL, as a copy of the directory would see
    // them.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let file = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !file.windows(11).any(|w| w == b"Siti Aminah"),
            "the old answers are gone from the files"
        );
    }
    drop(store);
}

/// A store file written by `berdaya up --demo` before events carried their stream's
/// category (two households, a savings account and an activity, 27 events): after the
/// upgrade every event reads with the category of its stream, its stored bytes and
/// hashes unchanged and every chain intact, and the chains go on from there.
#[tokio::test]
async fn a_store_file_made_before_categories_keeps_its_bytes_and_chains() {
    use berdaya_eventstore::{AppendBatch, LogCursor, category_of};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("households.db");
    std::fs::copy("tests/fixtures/households-before-category.db", &path).unwrap();
    let raw = SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    let before: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT event_id, payload, hash FROM events ORDER BY position")
            .fetch_all(&raw)
            .await
            .unwrap();
    raw.close().await;
    assert_eq!(before.len(), 27);

    let store = SqliteStore::open(&path).await.unwrap();
    let events = store.read_all(LogCursor::START, 100).await.unwrap();
    assert_eq!(events.len(), before.len());
    for (event, (id, payload, hash)) in events.iter().zip(&before) {
        assert_eq!(&event.event_id.as_bytes()[..], &id[..]);
        assert_eq!((&event.payload, &event.hash[..]), (payload, &hash[..]));
        assert_eq!(event.category, category_of(&event.stream_id));
    }
    let mut categories: Vec<&str> = events.iter().map(|e| e.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    assert_eq!(categories, ["activity", "household", "savings"]);
    let mut streams: Vec<&str> = events.iter().map(|e| e.stream_id.as_str()).collect();
    streams.sort_unstable();
    streams.dedup();
    assert_eq!(streams.len(), 4);
    for stream in &streams {
        assert!(
            store.verify_stream(stream).await.unwrap().is_intact(),
            "{stream}"
        );
    }

    let household = "household-00000000-0000-7000-8000-000000000001";
    let head = events.iter().rfind(|e| e.stream_id == household).unwrap();
    let next = AppendBatch::new(
        household,
        "household",
        ExpectedVersion::Exact(head.version),
        vec![conformance::new_event("after", 1)],
        conformance::metadata("caseworker-1", "35.78.01.1001"),
    );
    let appended = store.append(next).await.unwrap();
    assert_eq!(appended.events[0].prev_hash, head.hash);
    let report = store.verify_stream(household).await.unwrap();
    assert!(report.is_intact());
    assert_eq!(report.events, head.version + 1);
    let read = store
        .read_stream(household, head.version, None)
        .await
        .unwrap();
    assert_eq!(read[0].category, "household");
}
