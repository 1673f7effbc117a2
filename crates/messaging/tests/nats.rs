//! The relay and the durable consumer against the real NATS server and PostgreSQL:
//! exactly-once effects, parking of poison messages, and the stream set-up.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod support;

use std::sync::Arc;

use async_nats::jetstream::stream::StorageType;
use berdaya_eventstore::EventStore;
use berdaya_messaging::jetstream::{StreamChange, connect, context, ensure_stream};
use berdaya_messaging::{Applied, EventEnvelope, Inbox, JetStreamConsumer, Relay};
use futures::StreamExt;
use sqlx::{PgPool, Postgres};
use tokio_util::sync::CancellationToken;

use support::{Tally, append, eventually, fresh_database, nats_settings, postgres_store};

async fn tally(pool: &PgPool, stream_id: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT events FROM tally WHERE stream_id = $1")
        .bind(stream_id)
        .fetch_optional(pool)
        .await
        .unwrap()
}

async fn postgres_inbox(consumer: &str) -> Inbox<Postgres> {
    let pool = PgPool::connect(&fresh_database().await).await.unwrap();
    for schema in [support::TALLY_SCHEMA, support::REFUSED_SCHEMA] {
        sqlx::query(schema).execute(&pool).await.unwrap();
    }
    Inbox::new(pool, consumer, Arc::new(Tally)).await.unwrap()
}

async fn seen(pool: &PgPool, stream_id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT seen FROM tally WHERE stream_id = $1")
        .bind(stream_id)
        .fetch_optional(pool)
        .await
        .unwrap()
}

/// Waits until the stream of `settings` holds `count` messages.
async fn stream_holds(settings: &berdaya_messaging::NatsSettings, count: u64) {
    let js = context(connect(settings, "test", false).await.unwrap());
    eventually("the relay published everything", || {
        let js = js.clone();
        async move {
            match js.get_stream(&settings.stream).await {
                Ok(mut stream) => stream.info().await.is_ok_and(|i| i.state.messages == count),
                Err(_) => false,
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_that_overtake_ones_held_by_a_crashed_consumer_wait_for_them() {
    let settings = nats_settings();
    let store: Arc<dyn EventStore> = Arc::new(postgres_store().await);
    let households: Vec<String> = (0..4).map(|n| format!("household-{n}")).collect();
    for household in &households {
        append(store.as_ref(), household, 1).await;
    }
    let stop = CancellationToken::new();
    let relay = Relay::new(store.clone(), settings.clone(), "households");
    let relay_stop = stop.clone();
    let relay_task = tokio::spawn(async move { relay.run(&relay_stop).await });
    stream_holds(&settings, 4).await;

    // A consumer takes the first versions and dies holding them: the server hands
    // them out again only after ack_wait.
    let inbox = postgres_inbox("crash").await;
    let consumer = Arc::new(
        JetStreamConsumer::new(settings.clone(), "crash", None, Arc::new(inbox.clone())).unwrap(),
    );
    let js = context(connect(&settings, "test", false).await.unwrap());
    let stream = js.get_stream(&settings.stream).await.unwrap();
    let dead = stream.create_consumer(consumer.config()).await.unwrap();
    let mut held = Vec::new();
    let mut fetched = dead.fetch().max_messages(4).messages().await.unwrap();
    while let Some(message) = fetched.next().await {
        held.push(message.unwrap());
    }
    assert_eq!(held.len(), 4);

    // The second versions are recorded meanwhile; the restarted consumer sees them
    // first, and must neither park them nor spend their retry budget.
    for household in &households {
        append(store.as_ref(), household, 2).await;
    }
    stream_holds(&settings, 8).await;
    let consumer_stop = stop.clone();
    let running = consumer.clone();
    let consumer_task = tokio::spawn(async move { running.run(consumer_stop).await });
    for household in &households {
        eventually("both versions applied, in order", || async {
            seen(inbox.pool(), household).await.as_deref() == Some("1,2")
        })
        .await;
    }
    assert_eq!(inbox.parked_count().await.unwrap(), 0);
    let counter = |metric: &prometheus::IntCounterVec| metric.with_label_values(&["crash"]).get();
    assert!(
        counter(&berdaya_messaging::metrics::CONSUMER_EARLY) > 0,
        "the second versions came first"
    );
    assert_eq!(counter(&berdaya_messaging::metrics::CONSUMER_RETRIES), 0);
    assert_eq!(counter(&berdaya_messaging::metrics::CONSUMER_APPLIED), 8);
    drop(held);

    stop.cancel();
    relay_task.await.unwrap().unwrap();
    consumer_task.await.unwrap().unwrap();
    js.delete_stream(&settings.stream).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_applies_an_event_once_and_rolls_back_failures() {
    let inbox = postgres_inbox("tally").await;
    let source = postgres_store().await;
    append(&source, "household-1", 1).await;
    append(&source, "poison-retry-1", 1).await;
    // The log shows a commit once no older transaction (in any database) is running.
    let deadline = std::time::Instant::now() + support::TIMEOUT;
    let log = loop {
        let log = source
            .read_all(berdaya_eventstore::LogCursor::START, 10)
            .await
            .unwrap();
        if log.len() == 2 {
            break log;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the log shows {} of 2",
            log.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let good = EventEnvelope::from_recorded("households", &log[0]);
    let bad = EventEnvelope::from_recorded("households", &log[1]);

    let once = |event: &EventEnvelope| {
        let inbox = inbox.clone();
        let event = event.clone();
        async move { inbox.apply_batch(&[event], None).await.remove(0) }
    };
    assert_eq!(once(&good).await.unwrap(), Applied::Applied);
    assert_eq!(once(&good).await.unwrap(), Applied::Duplicate);
    assert_eq!(tally(inbox.pool(), "household-1").await, Some(1));

    // The handler wrote before failing: neither its write nor the applied version stay.
    assert!(once(&bad).await.is_err());
    assert_eq!(tally(inbox.pool(), "poison-retry-1").await, None);
    let applied: Vec<(String, i64)> = sqlx::query_as(
        "SELECT stream_id, version FROM consumer_streams WHERE version > 0 ORDER BY stream_id",
    )
    .fetch_all(inbox.pool())
    .await
    .unwrap();
    assert_eq!(applied, vec![("household-1".to_owned(), 1)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relayed_events_are_applied_once_and_poison_is_parked() {
    let settings = nats_settings();
    let store: Arc<dyn EventStore> = Arc::new(postgres_store().await);
    for n in 1..=3 {
        append(store.as_ref(), "household-a", n).await;
    }
    append(store.as_ref(), "poison-retry-1", 1).await;
    append(store.as_ref(), "poison-reject-1", 1).await;
    append(store.as_ref(), "household-b", 1).await;

    let stop = CancellationToken::new();
    let relay = Relay::new(store.clone(), settings.clone(), "households");
    let relay_stop = stop.clone();
    let relay_task = tokio::spawn(async move { relay.run(&relay_stop).await });

    let inbox = postgres_inbox("tally").await;
    let consumer = Arc::new(
        JetStreamConsumer::new(settings.clone(), "tally", None, Arc::new(inbox.clone())).unwrap(),
    );
    let consumer_stop = stop.clone();
    let running = consumer.clone();
    let consumer_task = tokio::spawn(async move { running.run(consumer_stop).await });

    eventually("both poison messages parked", || async {
        inbox.parked(10).await.unwrap().len() == 2
    })
    .await;
    eventually("good events applied", || async {
        tally(inbox.pool(), "household-b").await == Some(1)
    })
    .await;
    assert_eq!(tally(inbox.pool(), "household-a").await, Some(3));
    assert_eq!(tally(inbox.pool(), "poison-retry-1").await, None);

    let parked = inbox.parked(10).await.unwrap();
    let retried = parked
        .iter()
        .find(|p| p.stream_id == "poison-retry-1")
        .unwrap();
    assert_eq!(retried.deliveries, settings.consumer.max_deliver);
    assert_eq!(retried.reason, "tally is stuck on this one");
    assert!(
        retried.headers.contains("Berdaya-Event-Id"),
        "{}",
        retried.headers
    );
    assert_eq!(retried.payload, b"poison-retry-1@1");
    let rejected = parked
        .iter()
        .find(|p| p.stream_id == "poison-reject-1")
        .unwrap();
    assert_eq!(
        rejected.deliveries, 1,
        "a rejected message is parked at once"
    );
    assert!(rejected.reason.contains("payload cannot be decoded"));
    let gauge = berdaya_messaging::metrics::CONSUMER_PARKED.with_label_values(&["tally"]);
    assert_eq!(gauge.get(), 2);

    // A message that is not a Berdaya event is parked too, not retried forever.
    let client = connect(&settings, "test", false).await.unwrap();
    let js = context(client);
    let subject = format!("{}.households.Stray", settings.subject_prefix);
    js.publish(subject, "not an event".into())
        .await
        .unwrap()
        .await
        .unwrap();
    eventually("the stray message parked", || async {
        inbox.parked(10).await.unwrap().len() == 3
    })
    .await;
    let stray = inbox.parked(10).await.unwrap();
    let stray = stray
        .iter()
        .find(|p| p.key.starts_with("nats-seq-"))
        .unwrap();
    assert!(
        stray.reason.contains("Berdaya-Event-Id"),
        "{}",
        stray.reason
    );

    // Everything was settled: nothing waits for redelivery.
    let stream = js.get_stream(&settings.stream).await.unwrap();
    eventually("no message pending acknowledgement", || {
        let stream = stream.clone();
        async move {
            let info = stream.consumer_info("tally").await.unwrap();
            info.num_ack_pending == 0 && info.num_pending == 0
        }
    })
    .await;

    stop.cancel();
    relay_task.await.unwrap().unwrap();
    consumer_task.await.unwrap().unwrap();
    // The relay checkpointed everything it published.
    let relay = Relay::new(store.clone(), settings.clone(), "households");
    let last = store
        .read_all(berdaya_eventstore::LogCursor::START, 100)
        .await
        .unwrap()
        .last()
        .unwrap()
        .cursor;
    assert_eq!(
        store
            .relay_checkpoint(&relay.checkpoint_name())
            .await
            .unwrap(),
        last
    );
    js.delete_stream(&settings.stream).await.unwrap();
}

#[tokio::test]
async fn the_stream_is_created_then_checked_and_aligned() {
    let mut settings = nats_settings();
    let js = context(connect(&settings, "test", false).await.unwrap());
    let created = ensure_stream(&js, &settings, StreamChange::Align)
        .await
        .unwrap();
    assert_eq!(created.config.storage, StorageType::File);
    assert_eq!(
        created.config.subjects,
        vec![format!("{}.>", settings.subject_prefix)]
    );
    assert_eq!(
        created.config.duplicate_window.as_secs(),
        settings.duplicate_window_secs
    );

    // A consumer or tool with other settings leaves the stream as it is.
    let mut tool = settings.clone();
    tool.duplicate_window_secs = 60;
    let checked = ensure_stream(&js, &tool, StreamChange::CheckOnly)
        .await
        .unwrap();
    assert_eq!(checked.config, created.config);

    // A relay applies a changed limit to the existing stream at the next start.
    settings.duplicate_window_secs = 120;
    settings.max_bytes = 1 << 30;
    let updated = ensure_stream(&js, &settings, StreamChange::Align)
        .await
        .unwrap();
    assert_eq!(updated.config.duplicate_window.as_secs(), 120);
    assert_eq!(updated.config.max_bytes, 1 << 30);
    let again = ensure_stream(&js, &settings, StreamChange::Align)
        .await
        .unwrap();
    assert_eq!(again.config, updated.config);
    js.delete_stream(&settings.stream).await.unwrap();
}

#[tokio::test]
async fn the_durable_consumer_is_created_then_checked_with_its_settings() {
    let mut settings = nats_settings();
    let js = context(connect(&settings, "test", false).await.unwrap());
    ensure_stream(&js, &settings, StreamChange::Align)
        .await
        .unwrap();
    let stream = js.get_stream(&settings.stream).await.unwrap();
    let inbox = Arc::new(postgres_inbox("settings").await);
    let consumer =
        JetStreamConsumer::new(settings.clone(), "settings", None, inbox.clone()).unwrap();
    let created = stream.create_consumer(consumer.config()).await.unwrap();
    let info = created.cached_info();
    assert_eq!(
        info.config.ack_wait.as_secs(),
        settings.consumer.ack_wait_secs
    );
    assert_eq!(
        info.config.max_ack_pending,
        settings.consumer.max_ack_pending
    );
    assert_eq!(
        info.config.filter_subject,
        format!("{}.>", settings.subject_prefix)
    );

    // Changed settings are applied to the existing durable at the next start.
    settings.consumer.ack_wait_secs = 7;
    settings.consumer.max_ack_pending = 99;
    let changed = JetStreamConsumer::new(settings.clone(), "settings", None, inbox).unwrap();
    let updated = stream.create_consumer(changed.config()).await.unwrap();
    assert_eq!(updated.cached_info().config.ack_wait.as_secs(), 7);
    assert_eq!(updated.cached_info().config.max_ack_pending, 99);
    js.delete_stream(&settings.stream).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_behind_a_parked_one_are_parked_with_it_and_redriven_with_it() {
    let settings = nats_settings();
    let store: Arc<dyn EventStore> = Arc::new(postgres_store().await);
    let inbox = postgres_inbox("behind").await;
    sqlx::query("INSERT INTO tally_refused (stream_id) VALUES ('household-g')")
        .execute(inbox.pool())
        .await
        .unwrap();
    for version in 1..=3 {
        append(store.as_ref(), "household-g", version).await;
    }
    append(store.as_ref(), "household-h", 1).await;
    let stop = CancellationToken::new();
    let relay = Relay::new(store.clone(), settings.clone(), "households");
    let relay_stop = stop.clone();
    let relay_task = tokio::spawn(async move { relay.run(&relay_stop).await });
    let consumer =
        JetStreamConsumer::new(settings.clone(), "behind", None, Arc::new(inbox.clone())).unwrap();
    let consumer_stop = stop.clone();
    let consumer_task = tokio::spawn(async move { consumer.run(consumer_stop).await });

    // v1 is refused and parked; v2 and v3 cannot apply in order and are parked behind
    // it, instead of waiting forever; the neighbour is not held up.
    eventually("all three parked", || async {
        inbox.parked_count().await.unwrap() == 3
    })
    .await;
    eventually("the neighbour applied", || async {
        seen(inbox.pool(), "household-h").await.as_deref() == Some("1")
    })
    .await;
    let parked = inbox.parked(10).await.unwrap();
    let behind = parked.iter().find(|p| p.version == Some(3)).unwrap();
    assert!(
        behind.reason.contains("which is parked"),
        "{}",
        behind.reason
    );

    // Fixed, and re-driven: all three, in order.
    sqlx::query("DELETE FROM tally_refused")
        .execute(inbox.pool())
        .await
        .unwrap();
    let redriven = inbox.redrive(None).await.unwrap();
    assert_eq!(redriven.applied, 3, "{redriven:?}");
    assert_eq!(
        seen(inbox.pool(), "household-g").await.as_deref(),
        Some("1,2,3")
    );
    assert_eq!(
        berdaya_messaging::metrics::CONSUMER_PARKED
            .with_label_values(&["behind"])
            .get(),
        0
    );

    stop.cancel();
    relay_task.await.unwrap().unwrap();
    consumer_task.await.unwrap().unwrap();
    let js = context(connect(&settings, "test", false).await.unwrap());
    js.delete_stream(&settings.stream).await.unwrap();
}

/// A NATS server that requires a user and password (as the deploy/ nats-auth component
/// configures): the password in `nats.url` authenticates, a wrong one is refused, and
/// neither message shows the password.
#[tokio::test]
async fn a_password_in_the_url_authenticates_and_is_never_shown() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("nats-server")
        .args(["-a", "127.0.0.1", "-p", &port.to_string()])
        .args(["--user", "berdaya", "--pass", "s3cret-pass"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("nats-server on PATH (scripts/services.sh installs it)");
    let mut settings = nats_settings();
    settings.url = format!("nats://berdaya:s3cret-pass@127.0.0.1:{port}");
    let client = async {
        for _ in 0..100 {
            if let Ok(client) = connect(&settings, "auth-test", false).await {
                return Some(client);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }
    .await;
    let client = client.expect("the password in the URL authenticates");
    client.flush().await.expect("an authenticated round trip");

    settings.url = format!("nats://berdaya:wrong-pass@127.0.0.1:{port}");
    let refused = connect(&settings, "auth-test", false)
        .await
        .expect_err("a wrong password is refused");
    let message = refused.to_string();
    assert!(!message.contains("wrong-pass"), "{message}");
    assert!(message.contains("berdaya:***@127.0.0.1"), "{message}");
    let _ = server.kill();
    let _ = server.wait();
}
