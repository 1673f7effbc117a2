//! `berdaya bench --scenario projection`: how fast a consumer catches up on a backlog,
//! the situation after an outage or a restart.
//!
//! The backlog is real: households registered, then their decile updated, through the
//! real command path into a fresh households store, relayed into a JetStream stream of
//! the bench's own. Then, each with a durable consumer of its own over the same
//! stream:
//!
//! - `consume`: fetch and acknowledge only, applying nothing: the transport's ceiling;
//! - `projection`: the reporting read model (`--engine`), one transaction per fetched
//!   batch (`--batch`), as `berdaya serve --service reporting` runs it;
//! - `projection-1x1`: the same, one transaction per event: the shape before batches;
//! - `direct`: the same read model fed from the store's log directly, no NATS (the
//!   embedded mode's feed): the apply's own cost.
//!
//! Every run's figures are compared at the end: they must be the same bytes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_households::HouseholdsApi;
use berdaya_households::domain::ProgrammePolicy;
use berdaya_messaging::{ConsumerSettings, JetStreamConsumer, NatsSettings, Relay, Sink};
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use berdaya_reporting::follow::Source;
use berdaya_reporting::store::ReadModel;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::bench::{BenchArgs, admin, context, registration};
use crate::bench_sinks::{Counting, NoApply, OneByOne};

/// How long one run may take before the bench gives up.
const DEADLINE: Duration = Duration::from_secs(900);

/// Runs the projection workload and prints its figures.
///
/// # Errors
/// When a store, the NATS server or a read model cannot be prepared, or a run stalls.
pub(crate) async fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn EventStore> = Arc::new(
        berdaya_eventstore::sqlite::SqliteStore::open(&dir.path().join("households.db")).await?,
    );
    let households = (args.events / 2).max(1);
    fill(store.clone(), households, args.concurrency).await?;
    let events = usize::try_from(store.event_count().await?).unwrap_or(0);
    println!(
        "berdaya bench projection: {events} events ({households} households registered, then their decile updated), read model on {}, {} per fetch",
        args.engine, args.batch
    );
    let settings = nats_settings(&args);
    relay(store.clone(), &settings, events).await?;

    let mut databases = Vec::new();
    let consumed = measure(&settings, "consume", Arc::new(NoApply), events).await?;
    report(
        "consume",
        events,
        consumed,
        "fetch and acknowledge, nothing applied",
    );

    let (batched, name) = read_model(&args, dir.path(), "batched").await?;
    databases.extend(name);
    let elapsed = measure(
        &settings,
        "projection",
        Arc::new(batched.inbox().clone()),
        events,
    )
    .await?;
    report(
        "projection",
        events,
        elapsed,
        "reporting, one transaction per batch",
    );

    let (single, name) = read_model(&args, dir.path(), "single").await?;
    databases.extend(name);
    let sink = Arc::new(OneByOne(single.inbox().clone()));
    let elapsed = measure(&settings, "projection-1x1", sink, events).await?;
    report(
        "projection-1x1",
        events,
        elapsed,
        "reporting, one transaction per event",
    );

    let (direct, name) = read_model(&args, dir.path(), "direct").await?;
    databases.extend(name);
    let sources = [Source {
        name: "households".to_owned(),
        store: store.clone(),
    }];
    let started = Instant::now();
    berdaya_reporting::follow::catch_up(&direct, &sources, |_| {}).await?;
    report(
        "direct",
        events,
        started.elapsed(),
        "reporting, the log read directly, no NATS (500 per transaction)",
    );

    let figures = batched.csv("", "", "").await?;
    let same =
        figures == single.csv("", "", "").await? && figures == direct.csv("", "", "").await?;
    println!(
        "figures: {} cells, {}",
        figures.lines().count().saturating_sub(1),
        if same {
            "the same in every run"
        } else {
            "DIFFERENT between runs"
        }
    );
    if let Some(mib) = crate::bench::peak_memory_mib() {
        println!("peak memory {mib:.1} MiB");
    }
    let js = berdaya_messaging::jetstream::context(
        berdaya_messaging::jetstream::connect(&settings, "berdaya-bench", false).await?,
    );
    let _ = js.delete_stream(&settings.stream).await;
    for name in databases {
        crate::bench::drop_database(&args.database_url, &name).await?;
    }
    anyhow::ensure!(same, "the runs' figures differ");
    Ok(())
}

/// A stream and prefix of the bench's own on `--nats-url`.
fn nats_settings(args: &BenchArgs) -> NatsSettings {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let mut settings = NatsSettings {
        url: args.nats_url.clone(),
        stream: format!("BENCH{}", &tag[..12]),
        subject_prefix: format!("bench{}", &tag[..12]),
        max_age_days: 1,
        consumer: ConsumerSettings {
            batch: args.batch,
            max_ack_pending: i64::try_from(args.batch.max(256) * 4).unwrap_or(1_024),
            fetch_wait_ms: 200,
            ..ConsumerSettings::default()
        },
        ..NatsSettings::default()
    };
    settings.relay.poll_interval_ms = 20;
    settings
}

/// Registers `households` households, then updates each one's decile.
async fn fill(
    store: Arc<dyn EventStore>,
    households: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    let api = HouseholdsApi::new(
        store,
        Arc::new(Vault::new([7; 32], [9; 32])),
        ProgrammePolicy::default(),
    );
    let ids = in_parallel(households, concurrency, {
        let api = api.clone();
        move |n| {
            let api = api.clone();
            async move {
                let household = api
                    .register_household(admin(registration(n)))
                    .await?
                    .into_inner()
                    .household;
                Ok(household.map(|h| h.household_id).unwrap_or_default())
            }
        }
    })
    .await?;
    let ids = Arc::new(ids);
    in_parallel(households, concurrency, move |n| {
        let api = api.clone();
        let ids = ids.clone();
        async move {
            api.update_decile(admin(pb::UpdateDecileRequest {
                context: context(format!("bench-decile-{n}")),
                household_id: ids[n].clone(),
                decile: 3,
                ranking_round: "2026-Q2".to_owned(),
            }))
            .await?;
            Ok(String::new())
        }
    })
    .await?;
    Ok(())
}

/// Runs `count` commands, `concurrency` at a time; returns their answers in order.
async fn in_parallel<F, Fut>(
    count: usize,
    concurrency: usize,
    command: F,
) -> anyhow::Result<Vec<String>>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<String, tonic::Status>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = Vec::with_capacity(count);
    for n in 0..count {
        let permit = permits.clone().acquire_owned().await?;
        let call = command(n);
        tasks.push(tokio::spawn(async move {
            let answer = call.await;
            drop(permit);
            answer
        }));
    }
    let mut answers = Vec::with_capacity(count);
    for task in tasks {
        answers.push(
            task.await?
                .map_err(|status| anyhow::anyhow!("command failed: {status}"))?,
        );
    }
    Ok(answers)
}

/// Relays the store into the stream until it holds all `events`.
async fn relay(
    store: Arc<dyn EventStore>,
    settings: &NatsSettings,
    events: usize,
) -> anyhow::Result<()> {
    let relay = Relay::new(store.clone(), settings.clone(), "households");
    let stop = CancellationToken::new();
    let running = {
        let stop = stop.clone();
        tokio::spawn(async move { relay.run(&stop).await })
    };
    let js = berdaya_messaging::jetstream::context(
        berdaya_messaging::jetstream::connect(settings, "berdaya-bench", false).await?,
    );
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Ok(mut stream) = js.get_stream(&settings.stream).await
            && stream
                .info()
                .await
                .is_ok_and(|i| i.state.messages >= events as u64)
        {
            break;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the relay did not publish the backlog in time"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.cancel();
    running.await?.context("relay")?;
    Ok(())
}

/// A fresh read model for one run: a fresh database on `--database-url`'s server, or a
/// SQLite file; returns it and the database to drop afterwards.
async fn read_model(
    args: &BenchArgs,
    dir: &std::path::Path,
    run: &str,
) -> anyhow::Result<(ReadModel, Option<String>)> {
    if args.engine == "sqlite" {
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.join(format!("{run}.db")).display()
        );
        return Ok((ReadModel::open(&url).await?, None));
    }
    let (url, name) = crate::bench::fresh_database(&args.database_url).await?;
    Ok((ReadModel::open(&url).await?, Some(name)))
}

/// Consumes the whole stream with a durable named `run` delivering to `sink`; returns
/// how long it took until every event was settled.
async fn measure<S: Sink>(
    settings: &NatsSettings,
    run: &str,
    sink: Arc<S>,
    events: usize,
) -> anyhow::Result<Duration> {
    let counting = Arc::new(Counting {
        inner: sink,
        settled: AtomicUsize::new(0),
        target: events,
        done: CancellationToken::new(),
    });
    let durable = format!("bench-{run}");
    let consumer = JetStreamConsumer::new(settings.clone(), &durable, None, counting.clone())?;
    let stop = CancellationToken::new();
    let started = Instant::now();
    let running = {
        let stop = stop.clone();
        tokio::spawn(async move { consumer.run(stop).await })
    };
    let finished = tokio::time::timeout(DEADLINE, counting.done.cancelled()).await;
    let elapsed = started.elapsed();
    stop.cancel();
    running.await?.context("consumer")?;
    anyhow::ensure!(
        finished.is_ok(),
        "{run}: {} of {events} events settled in time",
        counting.settled.load(Ordering::SeqCst)
    );
    Ok(elapsed)
}

fn report(run: &str, events: usize, elapsed: Duration, what: &str) {
    let seconds = elapsed.as_secs_f64().max(f64::EPSILON);
    println!(
        "{run:<15} {events:>7} events in {seconds:>7.2} s  {:>8.0} events/s  ({what})",
        events as f64 / seconds
    );
}
