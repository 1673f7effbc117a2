//! The conformance suite and PostgreSQL-only checks, against a real server.
//!
//! Each test creates its own database (`berdaya_test_<uuid>`) through the admin URL
//! (`DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`) and drops it at
//! the end, so tests run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod conformance;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use berdaya_eventstore::hash::{GENESIS, event_hash};
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::{EventStore, ExpectedVersion, LogCursor, StoreError};
use chrono::Utc;
use sqlx::{Connection, Executor, PgConnection, PgPool};
use uuid::Uuid;

use conformance::{Store, Tamper, batch, metadata};

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `url` with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{root}/{database}{query}")
}

/// A private database, dropped (best effort) when the test ends, even on failure.
struct TestDb {
    name: String,
    store: Arc<PostgresStore>,
}

impl TestDb {
    async fn new() -> Self {
        let name = format!("berdaya_test_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&admin_url()).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        admin.close().await.unwrap();
        let store = PostgresStore::connect(&with_database(&admin_url(), &name))
            .await
            .unwrap();
        Self {
            name,
            store: Arc::new(store),
        }
    }

    fn store(&self) -> Store {
        self.store.clone()
    }

    fn pool(&self) -> &PgPool {
        self.store.pool()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        // Dropped inside the test's runtime: do the async clean-up on a thread of its own.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut admin) = PgConnection::connect(&admin_url()).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = admin.execute(sql.as_str()).await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
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

conformance::group_check!(PostgresStore);

/// A group is one transaction (its events share one xid), and a command whose statement
/// raises (here a duplicate event id, caught by the database itself) is answered with
/// its error while the group commits without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn group_is_one_transaction_and_a_raising_command_fails_alone() {
    let db = TestDb::new().await;
    let first = db
        .store
        .append(batch("household-dup-src", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    let mut duplicate = batch("household-dup", ExpectedVersion::NoStream, 1);
    duplicate.events[0].event_id = first.events[0].event_id;
    let results = db
        .store
        .append_group(vec![
            batch("household-grp-1", ExpectedVersion::NoStream, 1),
            duplicate,
            batch("household-grp-2", ExpectedVersion::NoStream, 2),
            batch("household-dup-src", ExpectedVersion::Exact(1), 1),
        ])
        .await;
    let written: Vec<_> = results
        .iter()
        .filter_map(|result| result.as_ref().ok())
        .flat_map(|result| result.events.iter().map(|e| e.cursor.xid))
        .collect();
    assert_eq!(written.len(), 4, "{results:?}");
    assert!(written.iter().all(|xid| *xid == written[0]), "{written:?}");
    assert_ne!(written[0], first.events[0].cursor.xid);
    match &results[1] {
        Err(StoreError::Internal(message)) => assert!(message.contains("duplicate event id")),
        other => panic!("expected a duplicate event id, got {other:?}"),
    }
    assert!(
        db.store
            .stream_info("household-dup")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(db.store.event_count().await.unwrap(), 5);
}

/// Tampers through the pool as a superuser, with triggers switched off for the change.
struct PgTamper(PgPool);

impl PgTamper {
    async fn bypassing(&self, sql: &str, stream_id: &str, version: i64) {
        let mut tx = self.0.begin().await.unwrap();
        tx.execute("SET LOCAL session_replication_role = replica")
            .await
            .unwrap();
        let done = sqlx::query(sql)
            .bind(stream_id)
            .bind(version)
            .execute(&mut *tx)
            .await
            .unwrap();
        assert_eq!(done.rows_affected(), 1);
        tx.commit().await.unwrap();
    }
}

#[async_trait]
impl Tamper for PgTamper {
    async fn plain_update_refused(&self, stream_id: &str, version: i64) -> bool {
        sqlx::query("UPDATE events SET payload = payload WHERE stream_id = $1 AND version = $2")
            .bind(stream_id)
            .bind(version)
            .execute(&self.0)
            .await
            .is_err()
    }

    async fn flip_payload_byte(&self, stream_id: &str, version: i64) {
        let sql = "UPDATE events SET payload = set_byte(payload, 0, get_byte(payload, 0) # 1) \
                   WHERE stream_id = $1 AND version = $2";
        self.bypassing(sql, stream_id, version).await;
    }

    async fn delete_event(&self, stream_id: &str, version: i64) {
        let sql = "DELETE FROM events WHERE stream_id = $1 AND version = $2";
        self.bypassing(sql, stream_id, version).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hash_chain() {
    let db = TestDb::new().await;
    let tamper = PgTamper(db.pool().clone());
    conformance::hash_chain(db.store(), &tamper).await;
}

/// Inserts one event row (version 1 of `stream_id`) with raw SQL, as an append would;
/// returns its event id.
async fn insert_raw_event(conn: &mut PgConnection, stream_id: &str) -> Uuid {
    let md = metadata("caseworker-1", "33.73.04.1001");
    let (event_id, payload) = (Uuid::now_v7(), b"held".to_vec());
    let recorded_at =
        chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap();
    let hash = event_hash(
        &GENESIS,
        stream_id,
        1,
        event_id,
        "t",
        1,
        &payload,
        &md,
        recorded_at,
    );
    sqlx::query(
        "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
         payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
         traceparent, recorded_at, prev_hash, hash, category) \
         VALUES ($1, 1, $2, 't', 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(stream_id)
    .bind(event_id)
    .bind(&payload)
    .bind(&md.actor)
    .bind(&md.role)
    .bind(&md.region)
    .bind(&md.correlation_id)
    .bind(&md.causation_id)
    .bind(&md.idempotency_key)
    .bind(&md.traceparent)
    .bind(recorded_at)
    .bind(&GENESIS[..])
    .bind(&hash[..])
    .bind(berdaya_eventstore::category_of(stream_id))
    .execute(conn)
    .await
    .unwrap();
    event_id
}

/// Appends `household-later` through the store while `held` is open, and checks that the
/// global log shows nothing yet although the append committed.
async fn append_while_held(store: &Store) -> berdaya_eventstore::RecordedEvent {
    let later = store
        .append(batch("household-later", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    assert_eq!(
        store.read_stream("household-later", 0, None).await.unwrap(),
        later.events,
        "the later event is committed"
    );
    let visible = store.read_all(LogCursor::START, 100).await.unwrap();
    assert!(
        visible.is_empty(),
        "read_all passed an open transaction: {visible:?}"
    );
    later.events[0].clone()
}

/// Polls the log from the start until it holds two events.
async fn log_of_two(store: &Store) -> Vec<berdaya_eventstore::RecordedEvent> {
    let deadline = Instant::now() + conformance::VISIBILITY_TIMEOUT;
    loop {
        let log = store.read_all(LogCursor::START, 100).await.unwrap();
        if log.len() == 2 {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "log shows {} of 2 events",
            log.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A transaction that wrote first but commits last is never skipped: while it is open,
/// the later commit stays hidden (a reader by position alone would have returned it and
/// moved its cursor past the held row); once it commits, it comes first.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn late_commit_is_not_skipped() {
    let db = TestDb::new().await;
    let store = db.store();
    let mut held = db.pool().begin().await.unwrap();
    let held_id = insert_raw_event(&mut held, "household-held").await;
    let later = append_while_held(&store).await;
    held.commit().await.unwrap();
    let log = log_of_two(&store).await;
    assert_eq!(log[0].event_id, held_id, "the held transaction comes first");
    assert_eq!(log[1], later);
    assert!(log[0].cursor.position < later.cursor.position);
}

/// The same when the held transaction took its id first but inserts its row only after
/// the later one committed: its row has the larger position, and still comes first, so
/// a follower that already passed the later event's position does not miss it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn late_commit_with_larger_position_is_not_skipped() {
    let db = TestDb::new().await;
    let store = db.store();
    let mut held = db.pool().begin().await.unwrap();
    sqlx::query("SELECT pg_current_xact_id()::text")
        .execute(&mut *held)
        .await
        .unwrap();
    let later = append_while_held(&store).await;
    let held_id = insert_raw_event(&mut held, "household-held").await;
    held.commit().await.unwrap();
    let log = log_of_two(&store).await;
    assert_eq!(log[0].event_id, held_id, "the held transaction comes first");
    assert_eq!(log[1], later);
    assert!(log[0].cursor.position > later.cursor.position);
    assert!(log[0].cursor < later.cursor);
}

/// A write transaction held open in another database of the same server (another
/// service's, a batch job's) does not hold this log back: it can never write here.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_transaction_in_another_database_does_not_stall_the_log() {
    let db = TestDb::new().await;
    let other = TestDb::new().await;
    let mut held = other.pool().begin().await.unwrap();
    sqlx::query("SELECT pg_current_xact_id()::text")
        .execute(&mut *held)
        .await
        .unwrap();
    let store = db.store();
    let appended = store
        .append(batch("household-free", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    let deadline = Instant::now() + conformance::VISIBILITY_TIMEOUT;
    loop {
        let log = store.read_all(LogCursor::START, 10).await.unwrap();
        if log == appended.events {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the log stays hidden behind another database's transaction"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    held.rollback().await.unwrap();
}

/// A database that is down fails fast, as Unavailable.
#[tokio::test]
async fn unreachable_database_is_unavailable() {
    let started = Instant::now();
    let result = PostgresStore::connect("postgres://postgres@127.0.0.1:1/postgres").await;
    assert!(
        matches!(result, Err(StoreError::Unavailable(_))),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// Connecting twice runs the migrations once and keeps the data.
#[tokio::test]
async fn reconnect_keeps_data() {
    let db = TestDb::new().await;
    db.store()
        .append(batch("household-keep", ExpectedVersion::NoStream, 2))
        .await
        .unwrap();
    let again = PostgresStore::connect(&with_database(&admin_url(), &db.name))
        .await
        .unwrap();
    again.migrate().await.unwrap();
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
}

/// A database whose events were appended before the log kept their stream's category
/// (migration 6): after the upgrade every event reads with its stream's category, its
/// payload and hash unchanged and its chain intact, and appends go on from there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_database_gets_the_categories_of_its_events() {
    let name = format!("berdaya_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url()).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let url = with_database(&admin_url(), &name);
    let pool = PgPool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate!("./migrations/postgres");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 5)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    // Appended through the append function of migration 5, which knows no event category.
    let old = PostgresStore::from_pool(pool.clone());
    let streams = ["household-old-1", "savings-old-2", "vocabulary-main"];
    let mut written = Vec::new();
    for stream in streams {
        let batch = batch(stream, ExpectedVersion::NoStream, 2);
        written.extend(old.append(batch).await.unwrap().events);
    }
    pool.close().await;

    let store = PostgresStore::connect(&url).await.unwrap();
    let events = store.read_all(LogCursor::START, 100).await.unwrap();
    assert_eq!(events.len(), written.len());
    for (read, appended) in events.iter().zip(&written) {
        assert_eq!(
            (&read.event_id, &read.payload, read.hash),
            (&appended.event_id, &appended.payload, appended.hash)
        );
    }
    let categories: Vec<&str> = events.iter().map(|e| e.category.as_str()).collect();
    assert_eq!(
        categories,
        [
            "household",
            "household",
            "savings",
            "savings",
            "vocabulary",
            "vocabulary"
        ]
    );
    for stream in streams {
        assert!(
            store.verify_stream(stream).await.unwrap().is_intact(),
            "{stream}"
        );
    }
    let next = store
        .append(batch("household-old-1", ExpectedVersion::Exact(2), 1))
        .await
        .unwrap();
    assert_eq!(next.events[0].prev_hash, written[1].hash);
    let read = store.read_stream("household-old-1", 2, None).await.unwrap();
    assert_eq!(read[0].category, "household");
    assert!(
        store
            .verify_stream("household-old-1")
            .await
            .unwrap()
            .is_intact()
    );
    store.pool().close().await;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}

/// A database made before idempotency records lost their answers (migration 3): its
/// records get the versions of their commands' events from the log, and the column that
/// held the answers (personal data in clear) is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_database_upgrades_its_idempotency_records() {
    let name = format!("berdaya_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url()).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let url = with_database(&admin_url(), &name);
    let pool = PgPool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate!("./migrations/postgres");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 3)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    for (version, key) in [(1_i64, "first"), (2, "first"), (3, "later")] {
        sqlx::query(
            "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
             payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
             traceparent, recorded_at, prev_hash, hash) VALUES ('household-old', $1, $2, \
             'berdaya.households.v1.X', 1, '\\x00', 'integrator-1', 'caseworker', '35', '', '', \
             $3, '', now(), $4, $4)",
        )
        .bind(version)
        .bind(Uuid::now_v7())
        .bind(key)
        .bind(&[0_u8; 32][..])
        .execute(&pool)
        .await
        .unwrap();
    }
    for key in ["first", "later"] {
        sqlx::query(
            "INSERT INTO idempotency (actor, key, operation, request_hash, response, stream_id) \
             VALUES ('integrator-1', $1, 'op', $2, convert_to('Siti Aminah', 'UTF8'), \
             'household-old')",
        )
        .bind(key)
        .bind(&[0_u8; 32][..])
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let store = PostgresStore::connect(&url).await.unwrap();
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
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_name = 'idempotency'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(!columns.iter().any(|c| c == "response"), "{columns:?}");
    store.pool().close().await;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}

/// With a large backlog behind the follower, a poll is an index range scan in
/// (xid, position) order that stops at the limit: no sort of the backlog, so its cost
/// does not grow with how far behind the follower is.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn read_all_uses_the_index_order_with_a_large_backlog() {
    let db = TestDb::new().await;
    let first = db
        .store
        .append(batch("household-backlog-0", ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    // 50,000 events in 500 transactions, written straight into the table (the plan only
    // depends on the rows, not on how they were chained).
    for chunk in 0..500 {
        sqlx::query(
            "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, \
             payload, actor, role, region, correlation_id, causation_id, idempotency_key, \
             traceparent, recorded_at, prev_hash, hash, category) \
             SELECT 'household-backlog-' || $1::text || '-' || n, 1, gen_random_uuid(), 't', 1, \
             '\\x00', 'a', 'r', '33', 'c', 'c', 'k', '', now(), \
             decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), 'household' \
             FROM generate_series(1, 100) AS n",
        )
        .bind(chunk)
        .execute(db.pool())
        .await
        .unwrap();
    }
    sqlx::query("ANALYZE events")
        .execute(db.pool())
        .await
        .unwrap();
    for after in [LogCursor::START, first.events[0].cursor] {
        let plan = db.store.read_all_plan(after, 500).await.unwrap();
        assert!(plan.contains("events_xid_position"), "{plan}");
        assert!(!plan.contains("Sort"), "{plan}");
        assert!(!plan.contains("Seq Scan"), "{plan}");
    }
    let page = db.store.read_all(LogCursor::START, 500).await.unwrap();
    assert_eq!(page.len(), 500);
    assert!(page.windows(2).all(|w| w[0].cursor < w[1].cursor));
}

/// Connections killed while groups are being written (as in a crash of the database
/// session mid-group): every append that was acknowledged is in the store, whole and
/// chained; one that failed wrote all of its events or none.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sessions_killed_mid_group_lose_no_acknowledged_append() {
    let db = TestDb::new().await;
    let store = db.store();
    let url = with_database(&admin_url(), &db.name);
    let killer = tokio::spawn(async move {
        let mut conn = PgConnection::connect(&url).await.unwrap();
        let mut killed = 0u64;
        for _ in 0..40 {
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()) AS t",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            killed += u64::try_from(n).unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        killed
    });
    let tasks: Vec<_> = (0..400)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let stream = format!("household-kill-{n}");
                let result = store
                    .append(batch(&stream, ExpectedVersion::NoStream, 3))
                    .await;
                (stream, result)
            })
        })
        .collect();
    let mut acknowledged = 0;
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    killer.await.unwrap();
    for (stream, result) in outcomes {
        let info = store.stream_info(&stream).await.unwrap();
        match result {
            Ok(appended) => {
                acknowledged += 1;
                assert_eq!(appended.version, 3);
                assert_eq!(info.map(|i| i.version), Some(3), "{stream} lost");
            }
            Err(error) => {
                assert!(
                    matches!(error, StoreError::Unavailable(_) | StoreError::Internal(_)),
                    "{error:?}"
                );
                // An outcome the client never heard of may still have committed: whole.
                assert!(
                    matches!(info.map(|i| i.version), None | Some(3)),
                    "{stream}"
                );
            }
        }
        let report = store.verify_stream(&stream).await.unwrap();
        assert!(report.is_intact(), "{stream}");
        assert!(
            report.events == 0 || report.events == 3,
            "{stream}: {report:?}"
        );
    }
    // However many the kills caught (that depends on timing), the store recovers: an
    // append after them commits.
    let after = store
        .append(batch("household-kill-after", ExpectedVersion::NoStream, 3))
        .await
        .expect("an append after the kills");
    assert_eq!(after.version, 3);
    eprintln!("{acknowledged} of 400 appends acknowledged while sessions were killed");
}
