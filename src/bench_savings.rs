//! `berdaya bench --scenario savings`: the savings workload over gRPC against its raw
//! baseline, on the chosen engine.
//!
//! A real households server (the gateway's auth and call guard, the households and
//! savings services, the metered event store `berdaya serve` uses) listens on loopback;
//! `--accounts` households each open one account (incentive off, so each command writes
//! one event) and get a starting deposit. Then, for each of 1, 8 and 64 clients (each its
//! own HTTP/2 connection), `--commands` commands on random accounts: 80 % deposits, 20 %
//! withdrawals, a fresh idempotency key each. In the same run, at the same concurrency,
//! the baseline: as many raw single-row `BEGIN; INSERT; COMMIT` transactions into a table
//! of the same database (PostgreSQL) or a file beside the store's (SQLite, with the
//! store's WAL and sync settings). Prints commands/s, latency percentiles, the baseline's
//! transactions/s and the ratio, CPU seconds per 1,000 commands of this process (server
//! and clients) and of the PostgreSQL backends serving the database; then the peak RSS
//! of the process (server and clients).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use berdaya_domain::Rupiah;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_households::HouseholdsApi;
use berdaya_households::domain::ProgrammePolicy;
use berdaya_households::savings::SavingsApi;
use berdaya_households::savings::domain::IncentiveRule;
use berdaya_platform::call_guard::CallLimits;
use berdaya_platform::metered_store::MeteredStore;
use berdaya_platform::{JwtKeys, Role};
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_client::HouseholdsServiceClient;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsServiceServer;
use berdaya_proto::berdaya::households::v1::savings_service_client::SavingsServiceClient;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsServiceServer;
use tonic::transport::Channel;

use crate::bench::{
    BenchArgs, account_opening, context, drop_database, fresh_database, peak_memory_mib,
    registration,
};

/// The client counts of the workload.
const CLIENTS: [usize; 3] = [1, 8, 64];
/// A deposit, and a withdrawal (much smaller, so a balance never runs out).
const DEPOSIT: i64 = 10_000;
const WITHDRAWAL: i64 = 1_000;

/// A request with the bench token.
fn authed<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Ok(value) = format!("Bearer {token}").parse() {
        request.metadata_mut().insert("authorization", value);
    }
    request
}

/// A small deterministic generator (xorshift), so every run draws the same workload.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The raw baseline: single-row insert transactions, `concurrency` at a time, into a
/// table of the store's PostgreSQL database or a SQLite file beside the store's.
struct Baseline(sqlx::AnyPool);

impl Baseline {
    async fn open(store_url: Option<&str>, dir: &std::path::Path) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let (url, connections, key) = match store_url {
            Some(url) => (url.to_owned(), 64, "BIGSERIAL PRIMARY KEY"),
            None => (
                format!("sqlite://{}?mode=rwc", dir.join("baseline.db").display()),
                1,
                "INTEGER PRIMARY KEY",
            ),
        };
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(connections)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(&url)
            .await?;
        if store_url.is_none() {
            // The store's settings: WAL, and a sync at every commit.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
            sqlx::query("PRAGMA synchronous = FULL")
                .execute(&pool)
                .await?;
        }
        sqlx::query(&format!(
            "CREATE TABLE IF NOT EXISTS bench_baseline (id {key}, account TEXT NOT NULL, \
             amount BIGINT NOT NULL, payload TEXT NOT NULL)"
        ))
        .execute(&pool)
        .await?;
        Ok(Self(pool))
    }

    /// CPU seconds the database's server processes have used (PostgreSQL on this
    /// machine: its backends serving this database); `None` for SQLite, whose work is
    /// done in the process itself.
    async fn backends_cpu(&self) -> Option<f64> {
        if !self
            .0
            .connect_options()
            .database_url
            .scheme()
            .starts_with("postgres")
        {
            return None;
        }
        let pids: Vec<i32> = sqlx::query_scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
        )
        .fetch_all(&self.0)
        .await
        .ok()?;
        pids.into_iter()
            .map(|pid| u32::try_from(pid).ok().and_then(cpu_seconds))
            .sum()
    }

    /// One `BEGIN; INSERT; COMMIT`.
    async fn insert(&self, n: usize) -> Result<(), sqlx::Error> {
        let mut tx = self.0.begin().await?;
        sqlx::query("INSERT INTO bench_baseline (account, amount, payload) VALUES ($1, $2, $3)")
            .bind(format!("account-{n}"))
            .bind(DEPOSIT)
            .bind("x".repeat(64))
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }
}

/// The households server on loopback; returns its address and a stopper.
async fn start_server(
    store: Arc<dyn EventStore>,
    jwt: Arc<JwtKeys>,
) -> anyhow::Result<(
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
)> {
    let vault = Arc::new(Vault::new([7; 32], [9; 32]));
    let households = HouseholdsApi::new(store.clone(), vault.clone(), ProgrammePolicy::default());
    let off = IncentiveRule {
        match_percent: 0,
        monthly_cap: Rupiah(0),
    };
    let savings = SavingsApi::new(store, vault, off);
    let listener = berdaya_platform::server::bind("127.0.0.1:0".parse()?).await?;
    let address = format!("http://{}", listener.local_addr()?);
    let limits = CallLimits {
        // The bench is one subject at full speed: no per-subject rate limit.
        calls_per_second: 0,
        max_concurrent_calls: 1024,
        ..CallLimits::default()
    };
    let gateway = crate::grpc::Gateway::new(jwt, &limits)?;
    let mut routes = tonic::service::RoutesBuilder::default();
    routes.add_service(gateway.grpc.guard(HouseholdsServiceServer::new(households)));
    routes.add_service(gateway.grpc.guard(SavingsServiceServer::new(savings)));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let names = vec![
        "berdaya.households.v1.HouseholdsService",
        "berdaya.households.v1.SavingsService",
    ];
    let server = tokio::spawn(async move {
        crate::grpc::serve(listener, &gateway, routes, names, async move {
            let _ = stopped.await;
        })
        .await
    });
    Ok((address, stop, server))
}

/// Registers `accounts` households, opens an account for each and funds it.
async fn open_accounts(
    endpoint: &tonic::transport::Endpoint,
    token: &str,
    accounts: usize,
) -> anyhow::Result<Vec<String>> {
    let mut tasks = Vec::new();
    let workers = 16.min(accounts.max(1));
    for worker in 0..workers {
        let channel = endpoint.connect().await?;
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut households = HouseholdsServiceClient::new(channel.clone());
            let mut savings = SavingsServiceClient::new(channel);
            let mut ids = Vec::new();
            for n in (worker..accounts).step_by(workers) {
                let holder = households
                    .register_household(authed(registration(n), &token))
                    .await?
                    .into_inner()
                    .household
                    .context("no household")?;
                let account = savings
                    .open_savings_account(authed(
                        account_opening(format!("bench-open-{n}"), holder.household_id),
                        &token,
                    ))
                    .await?
                    .into_inner()
                    .account
                    .context("no account")?
                    .account_id;
                savings
                    .deposit(authed(
                        deposit(&account, format!("bench-fund-{n}"), 1_000_000),
                        &token,
                    ))
                    .await?;
                ids.push(account);
            }
            anyhow::Ok(ids)
        }));
    }
    let mut ids = Vec::with_capacity(accounts);
    for task in tasks {
        ids.extend(task.await??);
    }
    Ok(ids)
}

fn deposit(account: &str, key: String, amount: i64) -> pb::DepositRequest {
    pb::DepositRequest {
        context: context(key),
        account_id: account.to_owned(),
        amount,
        channel: pb::SavingsChannel::Cash as i32,
        reference: String::new(),
        deposited_on: "2026-01-05".to_owned(),
    }
}

/// `count` savings commands from `clients` clients; returns the elapsed time and the
/// latencies.
async fn savings_workload(
    endpoint: &tonic::transport::Endpoint,
    token: &str,
    accounts: &Arc<Vec<String>>,
    clients: usize,
    count: usize,
    round: usize,
) -> anyhow::Result<(Duration, Vec<Duration>)> {
    let mut channels: Vec<Channel> = Vec::with_capacity(clients);
    for _ in 0..clients {
        channels.push(endpoint.connect().await?);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, channel) in channels.into_iter().enumerate() {
        let accounts = accounts.clone();
        let token = token.to_owned();
        let mine = (client..count).step_by(clients).collect::<Vec<_>>();
        tasks.push(tokio::spawn(async move {
            let mut savings = SavingsServiceClient::new(channel);
            let mut draw = Draw(0x9E37_79B9_7F4A_7C15 ^ ((round * 1_000 + client) as u64 + 1));
            let mut latencies = Vec::with_capacity(mine.len());
            for n in mine {
                let account = &accounts[(draw.next() % accounts.len() as u64) as usize];
                let key = format!("bench-{round}-{n}");
                let begun = Instant::now();
                if draw.next().is_multiple_of(5) {
                    savings
                        .withdraw(authed(
                            pb::WithdrawRequest {
                                context: context(key),
                                account_id: account.clone(),
                                amount: WITHDRAWAL,
                                channel: pb::SavingsChannel::Cash as i32,
                                reference: String::new(),
                                withdrawn_on: "2026-01-05".to_owned(),
                                purpose: String::new(),
                            },
                            &token,
                        ))
                        .await?;
                } else {
                    savings
                        .deposit(authed(deposit(account, key, DEPOSIT), &token))
                        .await?;
                }
                latencies.push(begun.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok((started.elapsed(), latencies))
}

/// `count` baseline transactions, `clients` at a time.
async fn baseline_workload(
    baseline: &Arc<Baseline>,
    clients: usize,
    count: usize,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let baseline = baseline.clone();
        tasks.push(tokio::spawn(async move {
            for n in (client..count).step_by(clients) {
                baseline.insert(n).await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(started.elapsed())
}

/// CPU seconds (user and system) process `pid` has used, from `/proc` (Linux, at the
/// usual 100 clock ticks per second).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

fn ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs the scenario and prints its table.
///
/// # Errors
/// When the store or the server cannot be prepared or a command fails.
pub(crate) async fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, database, url): (Arc<dyn EventStore>, Option<String>, Option<String>) =
        if args.engine == "sqlite" {
            let store =
                berdaya_eventstore::sqlite::SqliteStore::open(&dir.path().join("households.db"))
                    .await?;
            (Arc::new(store), None, None)
        } else {
            let (url, name) = fresh_database(&args.database_url).await?;
            let store = berdaya_eventstore::postgres::PostgresStore::connect(&url).await?;
            (Arc::new(store), Some(name), Some(url))
        };
    let store: Arc<dyn EventStore> = Arc::new(MeteredStore::new(store));
    let secret: [u8; 32] = rand::random();
    let jwt = Arc::new(JwtKeys::new(&secret, "bench"));
    let token = jwt.issue(
        "bench",
        &[Role::Admin],
        &["*".to_owned()],
        chrono::Duration::hours(2),
    )?;
    let (address, stop, server) = start_server(store, jwt).await?;
    let endpoint = Channel::from_shared(address)?;
    let baseline = Arc::new(Baseline::open(url.as_deref(), dir.path()).await?);

    let accounts = Arc::new(open_accounts(&endpoint, &token, args.accounts).await?);
    println!(
        "berdaya bench --scenario savings: engine {}, {} accounts, {} commands per client count (80 % deposits, 20 % withdrawals, incentive off), raw baseline: single-row BEGIN; INSERT; COMMIT",
        args.engine,
        accounts.len(),
        args.commands
    );
    println!(
        "{:<8} {:>7} {:>12} {:>8} {:>8} {:>8} {:>13} {:>6}",
        "clients",
        "commands",
        "commands/s",
        "p50 ms",
        "p99 ms",
        "p999 ms",
        "baseline tx/s",
        "ratio"
    );
    for (round, clients) in CLIENTS.into_iter().enumerate() {
        let cpu_before = (
            cpu_seconds(std::process::id()),
            baseline.backends_cpu().await,
        );
        let (elapsed, mut latencies) =
            savings_workload(&endpoint, &token, &accounts, clients, args.commands, round).await?;
        let cpu_after = (
            cpu_seconds(std::process::id()),
            baseline.backends_cpu().await,
        );
        let raw = baseline_workload(&baseline, clients, args.commands).await?;
        latencies.sort();
        let rate = latencies.len() as f64 / elapsed.as_secs_f64().max(f64::EPSILON);
        let raw_rate = args.commands as f64 / raw.as_secs_f64().max(f64::EPSILON);
        let per_thousand = |before: Option<f64>, after: Option<f64>| match (before, after) {
            (Some(before), Some(after)) => format!(
                "{:.2}",
                (after - before) * 1000.0 / latencies.len().max(1) as f64
            ),
            _ => "-".to_owned(),
        };
        println!(
            "savings {clients:>3} {:>8} {rate:>12.0} {:>8.2} {:>8.2} {:>8.2} {raw_rate:>13.0} {:>6.2} {:>9} {:>9}",
            latencies.len(),
            ms(&latencies, 50.0),
            ms(&latencies, 99.0),
            ms(&latencies, 99.9),
            rate / raw_rate.max(f64::EPSILON),
            per_thousand(cpu_before.0, cpu_after.0),
            per_thousand(cpu_before.1, cpu_after.1),
        );
    }
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory {mib:.1} MiB (server and clients in one process)");
    }
    let _ = stop.send(());
    server.await??;
    if let Some(name) = database {
        drop(baseline);
        drop_database(&args.database_url, &name).await?;
    }
    Ok(())
}
