//! A distributed deployment for end-to-end tests: a fresh database, a NATS server of
//! its own, stream and subject prefix of its own; helpers to drive `berdaya serve`
//! processes, read their metrics, and cut PostgreSQL off.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::households::v1 as pb;
use uuid::Uuid;

use super::nats::{EventsTail, NatsServer};
use super::{Berdaya, free_port, fresh_database};

/// How long any one wait may take before the test fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// One test's deployment: database, NATS server, stream and subject prefix.
pub(crate) struct Deployment {
    /// Its database URL.
    pub database: String,
    /// Its NATS server.
    pub nats: NatsServer,
    /// Its stream name.
    pub stream: String,
    /// Its subject prefix.
    pub prefix: String,
}

impl Deployment {
    /// A fresh database and a NATS server, with a stream and prefix of their own.
    pub(crate) fn new() -> Deployment {
        let tag = Uuid::new_v4().simple().to_string();
        Deployment {
            database: fresh_database(),
            nats: NatsServer::start(),
            stream: format!("T{}", &tag[..12]),
            prefix: format!("t{}", &tag[..12]),
        }
    }

    /// The NATS settings every process of the deployment shares.
    pub(crate) fn nats_settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("BERDAYA_NATS__URL", self.nats.url()),
            ("BERDAYA_NATS__STREAM", self.stream.clone()),
            ("BERDAYA_NATS__SUBJECT_PREFIX", self.prefix.clone()),
            ("BERDAYA_NATS__RELAY__STANDBY_RETRY_MS", "200".to_owned()),
            ("BERDAYA_NATS__RELAY__MAX_BACKOFF_MS", "500".to_owned()),
        ]
    }

    /// `berdaya serve --service households` on `port`, metrics on `metrics_port`.
    pub(crate) fn serve(&self, port: u16, metrics_port: u16) -> Berdaya {
        let mut settings = self.nats_settings();
        settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")));
        Berdaya::serve_households_with(&self.database, port, &settings)
    }

    /// `berdaya events tail` on the households subjects, as durable `durable`.
    pub(crate) fn tail(&self, durable: &str) -> EventsTail {
        let filter = format!("{}.households.>", self.prefix);
        EventsTail::start(durable, Some(&filter), &self.nats_settings())
    }

    /// Messages stored in the stream (each event once if de-duplication held).
    pub(crate) async fn stream_messages(&self) -> u64 {
        let client = async_nats::connect(self.nats.url()).await.unwrap();
        let js = async_nats::jetstream::new(client);
        let mut stream = js.get_stream(&self.stream).await.unwrap();
        stream.info().await.unwrap().state.messages
    }

    /// Waits until the stream holds `count` messages.
    pub(crate) async fn wait_stream(&self, count: u64) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let stored = match tokio::time::timeout(
                Duration::from_secs(5),
                self.stream_messages_opt(),
            )
            .await
            {
                Ok(Some(n)) => n,
                _ => 0,
            };
            if stored >= count {
                assert_eq!(
                    stored, count,
                    "the stream holds more events than were recorded"
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the stream holds {stored} of {count} events"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn stream_messages_opt(&self) -> Option<u64> {
        let client = async_nats::connect(self.nats.url()).await.ok()?;
        let js = async_nats::jetstream::new(client);
        let mut stream = js.get_stream(&self.stream).await.ok()?;
        Some(stream.info().await.ok()?.state.messages)
    }
}

/// A valid one-person household in Kelurahan Karang Pilang, Surabaya; `n` makes the NIK
/// and KK number unique.
pub(crate) fn registration(n: usize, key: &str) -> pb::RegisterHouseholdRequest {
    pb::RegisterHouseholdRequest {
        context: Some(CommandContext {
            idempotency_key: key.to_owned(),
            ..CommandContext::default()
        }),
        village_code: "35.78.01.1001".to_owned(),
        kk_number: format!("357801010123{:04}", n + 1),
        kk_valid_from: "2023-01-01".to_owned(),
        address: "Jl. Kenjeran 12 RT 03 RW 04".to_owned(),
        phone: String::new(),
        decile: 2,
        ranking_round: "2026-Q1".to_owned(),
        members: vec![pb::NewMember {
            nik: format!("357801120385{:04}", n + 1),
            full_name: format!("Warga {n}"),
            sex: pb::Sex::Male as i32,
            birth_date: "1985-03-12".to_owned(),
            relationship: pb::Relationship::Head as i32,
            phone: String::new(),
        }],
        household_id: String::new(),
    }
}

/// Registers household `n`, retrying (with the same idempotency key, as integrators
/// do) until the service answers; returns the household id.
pub(crate) async fn register(endpoint: &Berdaya, n: usize) -> String {
    let key = format!("e2e-register-{n}");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let attempt = async {
            let mut client = endpoint.households(&endpoint.admin_token).await;
            client.register_household(registration(n, &key)).await
        };
        match tokio::time::timeout(Duration::from_secs(10), attempt).await {
            Ok(Ok(response)) => return response.into_inner().household.unwrap().household_id,
            Ok(Err(status)) => assert!(
                Instant::now() < deadline,
                "registration {n} still failing: {status:?}"
            ),
            Err(_) => assert!(Instant::now() < deadline, "registration {n} timed out"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Moves household `n` (id `household_id`) to decile 3, retrying with the same
/// idempotency key until the service answers.
pub(crate) async fn update_decile(endpoint: &Berdaya, n: usize, household_id: &str) {
    let key = format!("e2e-decile-{n}");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let attempt = async {
            let mut client = endpoint.households(&endpoint.admin_token).await;
            client
                .update_decile(pb::UpdateDecileRequest {
                    context: Some(CommandContext {
                        idempotency_key: key.clone(),
                        ..CommandContext::default()
                    }),
                    household_id: household_id.to_owned(),
                    decile: 3,
                    ranking_round: "2026-Q2".to_owned(),
                })
                .await
        };
        match tokio::time::timeout(Duration::from_secs(10), attempt).await {
            Ok(Ok(_)) => return,
            Ok(Err(status)) => assert!(
                Instant::now() < deadline,
                "decile update {n} still failing: {status:?}"
            ),
            Err(_) => assert!(Instant::now() < deadline, "decile update {n} timed out"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Registers households `range` in the background, counting successes in `done`.
pub(crate) fn register_in_background(
    endpoint: Arc<Berdaya>,
    range: std::ops::Range<usize>,
    done: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<Vec<String>> {
    tokio::spawn(async move {
        let mut ids = Vec::new();
        for n in range {
            ids.push(register(&endpoint, n).await);
            done.fetch_add(1, Ordering::SeqCst);
            // A steady stream rather than a burst, so outages land in the middle of it.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        ids
    })
}

/// Waits until `done` reaches `at_least`.
pub(crate) async fn wait_count(done: &AtomicUsize, at_least: usize) {
    let deadline = Instant::now() + TIMEOUT;
    while done.load(Ordering::SeqCst) < at_least {
        assert!(
            Instant::now() < deadline,
            "commands stalled at {}",
            done.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Asserts the tail saw exactly the households `ids`, one registration event each.
pub(crate) fn assert_exactly(tail_lines: &[serde_json::Value], ids: &[String]) {
    let event_ids: HashSet<&str> = tail_lines
        .iter()
        .map(|l| l["event_id"].as_str().unwrap())
        .collect();
    let streams: HashSet<String> = tail_lines
        .iter()
        .map(|l| l["stream_id"].as_str().unwrap().to_owned())
        .collect();
    let expected: HashSet<String> = ids.iter().map(|id| format!("household-{id}")).collect();
    assert_eq!(event_ids.len(), ids.len(), "distinct events received");
    assert_eq!(
        streams, expected,
        "every household's event arrived, and no other"
    );
}

/// Fetches `GET /metrics` from `port`.
pub(crate) async fn metrics(port: u16) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
        return String::new();
    };
    let request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return String::new();
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response).await;
    response
}

/// The value of the sample `series` (name with labels, as printed) in `text`.
pub(crate) fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

/// Waits until `series` on `port` reads `value`.
pub(crate) async fn wait_metric(port: u16, series: &str, value: f64) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let text = metrics(port).await;
        if sample(&text, series) == Some(value) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{series} never became {value}:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A TCP proxy in front of PostgreSQL that the test can cut and restore, standing in
/// for a database outage without disturbing the shared server.
pub(crate) struct PgProxy {
    port: u16,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl PgProxy {
    /// A proxy on a free port, accepting connections.
    pub(crate) async fn start() -> PgProxy {
        let mut proxy = PgProxy {
            port: free_port(),
            task: None,
        };
        proxy.up().await;
        proxy
    }

    /// The database URL through the proxy.
    pub(crate) fn url(&self, database_url: &str) -> String {
        database_url.replacen("127.0.0.1:5432", &format!("127.0.0.1:{}", self.port), 1)
    }

    /// Accepts connections again (after [`PgProxy::down`]).
    pub(crate) async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .unwrap();
        self.task = Some(tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect("127.0.0.1:5432").await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    /// Refuses new connections and cuts the open ones.
    pub(crate) async fn down(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}
