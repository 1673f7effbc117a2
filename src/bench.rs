//! `berdaya bench`: figures, printed, never asserted. Scenarios:
//!
//! - `commands` (the default): command throughput and latency through the real
//!   pipeline (validation, decide, sealing personal data, idempotency, append) on a
//!   fresh store:
//!   - `register`: many households registered at once (separate aggregates, so
//!     commands contend only in the store);
//!   - `deposit`: many deposits into one savings account at once (one aggregate:
//!     commands queue behind each other, the worst case for optimistic concurrency);
//! - `burst`: a burst of large requests beside a quiet baseline (see
//!   [`crate::bench_burst`]);
//! - `projection`: how fast a consumer catches up on a backlog (see
//!   [`crate::bench_projection`]);
//! - `savings`: the savings workload over gRPC at 1, 8 and 64 clients beside its raw
//!   single-row baseline (see [`crate::bench_savings`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_households::HouseholdsApi;
use berdaya_households::domain::ProgrammePolicy;
use berdaya_households::savings::SavingsApi;
use berdaya_households::savings::domain::IncentiveRule;
use berdaya_platform::{Principal, Role};
use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsService;
use tokio::sync::Semaphore;

/// Options of `berdaya bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Event store engine: `sqlite` (a file in a temporary directory) or `postgres` (a
    /// fresh database on the server of `--database-url`).
    #[arg(long, default_value = "sqlite", value_parser = ["sqlite", "postgres"])]
    pub(crate) engine: String,
    /// PostgreSQL server URL (its database part is replaced by a fresh one).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub(crate) database_url: String,
    /// Commands per workload.
    #[arg(long, default_value_t = 2000)]
    pub(crate) commands: usize,
    /// Commands in flight at once (for `burst`: the bursting streams).
    #[arg(long, default_value_t = 16)]
    pub(crate) concurrency: usize,
    /// `commands`: the register and deposit workloads; `burst`: a burst of large
    /// requests from one token beside a quiet baseline of health checks and another
    /// client (`--commands` calls per stream); `projection`: a consumer's catch-up on a
    /// backlog, raw consume-and-ack beside the reporting read model; `savings`: the
    /// savings workload over gRPC at 1, 8 and 64 clients (`--commands` each) beside the
    /// raw single-row insert baseline.
    #[arg(long, default_value = "commands", value_parser = ["commands", "burst", "projection", "savings"])]
    pub(crate) scenario: String,
    /// `projection`: events in the backlog (households registered, then updated).
    #[arg(long, default_value_t = 20_000)]
    pub(crate) events: usize,
    /// `projection`: messages fetched, and applied in one transaction, at a time.
    #[arg(long, default_value_t = 500)]
    pub(crate) batch: usize,
    /// `savings`: accounts the commands are spread over.
    #[arg(long, default_value_t = 1000)]
    pub(crate) accounts: usize,
    /// `projection`: the NATS server holding the backlog (a stream of its own).
    #[arg(long, env = "NATS_URL", default_value = "nats://127.0.0.1:4222")]
    pub(crate) nats_url: String,
}

pub(crate) fn admin<T>(message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.extensions_mut().insert(Principal::new(
        "bench",
        vec![Role::Admin],
        vec!["*".to_owned()],
    ));
    request
}

pub(crate) fn context(key: String) -> Option<CommandContext> {
    Some(CommandContext {
        idempotency_key: key,
        ..CommandContext::default()
    })
}

/// A one-person household whose NIK and KK are unique for `n` (up to 279,972).
pub(crate) fn registration(n: usize) -> pb::RegisterHouseholdRequest {
    // A NIK is district, birth date (ddmmyy), then a 4-digit serial: vary the serial,
    // then the birth day.
    let serial = n % 9999 + 1;
    let day = 1 + (n / 9999) % 28;
    pb::RegisterHouseholdRequest {
        context: context(format!("bench-register-{n}")),
        village_code: "35.78.01.1001".to_owned(),
        kk_number: format!("357801{day:02}0123{serial:04}"),
        kk_valid_from: "2023-01-01".to_owned(),
        address: "Jl. Kenjeran 12".to_owned(),
        phone: String::new(),
        decile: 2,
        ranking_round: "2026-Q1".to_owned(),
        members: vec![pb::NewMember {
            nik: format!("357801{day:02}0385{serial:04}"),
            full_name: format!("Warga {n}"),
            sex: pb::Sex::Male as i32,
            birth_date: format!("1985-03-{day:02}"),
            relationship: pb::Relationship::Head as i32,
            phone: String::new(),
        }],
        household_id: String::new(),
    }
}

/// A bank account opening for the household `household_id`.
pub(crate) fn account_opening(key: String, household_id: String) -> pb::OpenSavingsAccountRequest {
    pb::OpenSavingsAccountRequest {
        context: context(key),
        account_id: String::new(),
        household_id,
        member_id: String::new(),
        institution_kind: pb::InstitutionKind::Bank as i32,
        institution_name: "BRI".to_owned(),
        opened_on: "2026-01-02".to_owned(),
    }
}

/// A fresh database on the server of `server_url`; returns its URL and name.
pub(crate) async fn fresh_database(server_url: &str) -> anyhow::Result<(String, String)> {
    let name = format!("berdaya_bench_{}", uuid::Uuid::new_v4().simple());
    let admin_pool = sqlx::PgPool::connect(server_url)
        .await
        .context("connecting to PostgreSQL")?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin_pool)
        .await?;
    let base = server_url
        .rsplit_once('/')
        .map_or(server_url, |(base, _)| base);
    Ok((format!("{base}/{name}"), name))
}

/// Drops a database [`fresh_database`] made.
pub(crate) async fn drop_database(server_url: &str, name: &str) -> anyhow::Result<()> {
    let admin_pool = sqlx::PgPool::connect(server_url).await?;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&admin_pool)
        .await;
    Ok(())
}

async fn store(
    args: &BenchArgs,
    dir: &std::path::Path,
) -> anyhow::Result<(Arc<dyn EventStore>, Option<String>)> {
    if args.engine == "sqlite" {
        let store = berdaya_eventstore::sqlite::SqliteStore::open(&dir.join("bench.db")).await?;
        return Ok((Arc::new(store), None));
    }
    let (url, name) = fresh_database(&args.database_url).await?;
    let store = berdaya_eventstore::postgres::PostgresStore::connect(&url).await?;
    Ok((Arc::new(store), Some(name)))
}

/// Runs `count` commands, `concurrency` at a time; returns each one's latency.
pub(crate) async fn run<F, Fut>(
    count: usize,
    concurrency: usize,
    command: F,
) -> anyhow::Result<(Duration, Vec<Duration>)>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), tonic::Status>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for n in 0..count {
        let permit = permits.clone().acquire_owned().await?;
        let call = command(n);
        tasks.push(tokio::spawn(async move {
            let begun = Instant::now();
            let result = call.await;
            drop(permit);
            result.map(|()| begun.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.push(
            task.await?
                .map_err(|status| anyhow::anyhow!("command failed: {status}"))?,
        );
    }
    Ok((started.elapsed(), latencies))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn report(name: &str, events_per_command: f64, elapsed: Duration, mut latencies: Vec<Duration>) {
    latencies.sort();
    let commands = latencies.len() as f64;
    let seconds = elapsed.as_secs_f64().max(f64::EPSILON);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<9} {:>6} commands in {:>6.2} s  {:>8.0} commands/s  {:>8.0} events/s  latency ms p50 {:>6.2}  p95 {:>6.2}  p99 {:>6.2}  max {:>7.2}",
        latencies.len(),
        seconds,
        commands / seconds,
        commands * events_per_command / seconds,
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 95.0)),
        ms(percentile(&latencies, 99.0)),
        ms(percentile(&latencies, 100.0)),
    );
}

/// Peak resident memory of this process (Linux `VmHWM`), in MiB.
pub(crate) fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs the benchmark and prints its figures.
///
/// # Errors
/// When the store cannot be prepared or a command fails.
pub(crate) async fn bench(args: BenchArgs) -> anyhow::Result<()> {
    if args.scenario == "burst" {
        return crate::bench_burst::burst(args.concurrency, args.commands).await;
    }
    if args.scenario == "projection" {
        return crate::bench_projection::bench(args).await;
    }
    if args.scenario == "savings" {
        return crate::bench_savings::bench(args).await;
    }
    let dir = tempfile::tempdir()?;
    let (store, database) = store(&args, dir.path()).await?;
    let vault = Arc::new(Vault::new([7; 32], [9; 32]));
    let households = HouseholdsApi::new(store.clone(), vault.clone(), ProgrammePolicy::default());
    let savings = SavingsApi::new(store.clone(), vault, IncentiveRule::default());
    println!(
        "berdaya bench: engine {}, {} commands per workload, {} in flight",
        args.engine, args.commands, args.concurrency
    );

    let api = households.clone();
    let (elapsed, latencies) = run(args.commands, args.concurrency, move |n| {
        let api = api.clone();
        async move {
            api.register_household(admin(registration(n)))
                .await
                .map(|_| ())
        }
    })
    .await?;
    report("register", 1.0, elapsed, latencies);

    // One account, many deposits at once: each deposit records the deposit and its
    // incentive credit (until the monthly cap), so about two events per command early on.
    let holder = households
        .register_household(admin(registration(args.commands + 1)))
        .await?
        .into_inner()
        .household
        .context("no household")?;
    let account = savings
        .open_savings_account(admin(account_opening(
            "bench-open".to_owned(),
            holder.household_id,
        )))
        .await?
        .into_inner()
        .account
        .context("no account")?
        .account_id;
    let before = store.event_count().await?;
    let api = savings.clone();
    let (elapsed, latencies) = run(args.commands, args.concurrency, move |n| {
        let api = api.clone();
        let account = account.clone();
        async move {
            api.deposit(admin(pb::DepositRequest {
                context: context(format!("bench-deposit-{n}")),
                account_id: account,
                amount: 10_000,
                channel: pb::SavingsChannel::Cash as i32,
                reference: format!("bench-{n}"),
                deposited_on: "2026-01-05".to_owned(),
            }))
            .await
            .map(|_| ())
        }
    })
    .await?;
    let events = (store.event_count().await? - before) as f64;
    report(
        "deposit",
        events / args.commands.max(1) as f64,
        elapsed,
        latencies,
    );

    if let Some(mib) = peak_memory_mib() {
        println!("peak memory {mib:.1} MiB");
    }
    if let Some(name) = database {
        drop_database(&args.database_url, &name).await?;
    }
    Ok(())
}
