//! Drives the real `berdaya` binary: starts it on a free port with its own data directory
//! (or its own PostgreSQL database), reads the address and admin token it prints, and
//! connects gRPC clients with bearer tokens.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use berdaya_proto::berdaya::advocacy::v1::advocacy_service_client::AdvocacyServiceClient;
use berdaya_proto::berdaya::capacity::v1::capacity_service_client::CapacityServiceClient;
use berdaya_proto::berdaya::capacity::v1::local_wisdom_service_client::LocalWisdomServiceClient;
use berdaya_proto::berdaya::enterprise::v1::enterprise_service_client::EnterpriseServiceClient;
use berdaya_proto::berdaya::households::v1::households_service_client::HouseholdsServiceClient;
use berdaya_proto::berdaya::households::v1::participation_service_client::ParticipationServiceClient;
use berdaya_proto::berdaya::households::v1::savings_service_client::SavingsServiceClient;
use berdaya_proto::berdaya::partnerships::v1::partners_service_client::PartnersServiceClient;
use berdaya_proto::berdaya::reporting::v1::reporting_service_client::ReportingServiceClient;
use tonic::metadata::MetadataValue;
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

pub(crate) mod cluster;
pub(crate) mod fixtures;
pub(crate) mod nats;

/// Sends the process's log to the test's output at warn level, or to `log` (appended) at
/// debug level.
fn log_to(command: &mut Command, log: Option<&Path>) {
    match log {
        None => {
            command.env("RUST_LOG", "warn").stderr(Stdio::inherit());
        }
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .expect("open the process log");
            command
                .env("RUST_LOG", "debug,h2=info,hyper=info,tower=info")
                .stderr(file);
        }
    }
}

/// Where a test's `berdaya up` writes its ready line: beside (not in) its data directory,
/// so a restart with the same directory waits for a new one.
fn ready_file(data_dir: &Path) -> PathBuf {
    let name = format!(
        "{}.ready-{}.json",
        data_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("berdaya"),
        uuid::Uuid::new_v4().simple()
    );
    data_dir.parent().unwrap_or(data_dir).join(name)
}

/// Waits (bounded) for the process to write its ready line, and reads it.
fn wait_ready(path: &Path, child: &mut Child) -> serde_json::Value {
    // Generous: `--demo` seeds a province before it is ready, on a loaded machine.
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            let _ = std::fs::remove_file(path);
            return serde_json::from_str(&text).expect("ready line is JSON");
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("berdaya exited before it was ready: {status}");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "berdaya was not ready within 180 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The binary under test.
pub(crate) fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_berdaya")
}

/// A running `berdaya` process, killed on drop.
pub(crate) struct Berdaya {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The admin token it printed (`berdaya up`) or was given.
    pub admin_token: String,
    /// Its data directory (kept alive by the caller's TempDir).
    pub data_dir: PathBuf,
    /// `http://127.0.0.1:PORT` of the reporting dashboard (`berdaya up` only).
    pub dashboard: String,
    /// `127.0.0.1:PORT` of `/metrics`, `/healthz` and `/readyz` (`berdaya up` only).
    pub metrics: String,
    /// `http://127.0.0.1:PORT` of the HTTP/JSON API (`berdaya up` only).
    pub http: String,
    extra_env: Vec<(String, String)>,
}

impl Drop for Berdaya {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Berdaya {
    /// `berdaya up` on a free port with `data_dir`.
    pub(crate) fn up(data_dir: &Path, extra_args: &[&str]) -> Berdaya {
        Berdaya::up_logged(data_dir, extra_args, None)
    }

    /// [`Berdaya::up`], writing its log at debug level to `log` when given (for tests
    /// that read what the process logged).
    pub(crate) fn up_logged(data_dir: &Path, extra_args: &[&str], log: Option<&Path>) -> Berdaya {
        let mut command = Command::new(binary());
        command
            .arg("up")
            .arg("--grpc-addr")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--dashboard-addr")
            .arg("127.0.0.1:0")
            .arg("--metrics-addr")
            .arg("127.0.0.1:0")
            .arg("--http-addr")
            .arg("127.0.0.1:0")
            .args(extra_args)
            .env_remove("BERDAYA_CONFIG")
            .stdout(Stdio::piped());
        let ready = ready_file(data_dir);
        command.env("BERDAYA_READY_FILE", &ready);
        log_to(&mut command, log);
        let mut child = command.spawn().expect("spawn berdaya up");
        let stdout = child.stdout.take().expect("stdout");
        // Keep draining stdout (the lines printed for people) so the child never blocks.
        std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
        let ready = wait_ready(&ready, &mut child);
        let addr = ready["grpc"].as_str().expect("grpc address").to_owned();
        let token = ready["token"].as_str().expect("admin token").to_owned();
        let dashboard = ready["pages"][0].as_str().unwrap_or_default().to_owned();
        let metrics = ready["metrics"].as_str().unwrap_or_default().to_owned();
        let http = ready["http"]
            .as_str()
            .map(|h| format!("http://{h}"))
            .unwrap_or_default();
        Berdaya {
            child,
            endpoint: format!("http://{addr}"),
            admin_token: token,
            data_dir: data_dir.to_owned(),
            dashboard,
            metrics,
            http,
            extra_env: Vec::new(),
        }
    }

    /// `berdaya serve --service households` on PostgreSQL, with fixed test keys, no
    /// relay and metrics on a port of its own.
    pub(crate) fn serve_households(database_url: &str) -> Berdaya {
        let quiet = [
            ("BERDAYA_NATS__RELAY__ENABLED", "false".to_owned()),
            ("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()),
        ];
        Berdaya::serve_households_with(database_url, free_port(), &quiet)
    }

    /// `berdaya serve --service households` on `port` with extra `BERDAYA_*` settings
    /// (NATS, metrics, relay tuning).
    pub(crate) fn serve_households_with(
        database_url: &str,
        port: u16,
        settings: &[(&str, String)],
    ) -> Berdaya {
        Berdaya::serve_service_with("households", database_url, port, settings)
    }

    /// `berdaya serve --service enterprise` on PostgreSQL, following the households
    /// service's database directly (no NATS), with no relay.
    pub(crate) fn serve_enterprise(database_url: &str, households_database_url: &str) -> Berdaya {
        let settings = [
            ("BERDAYA_NATS__RELAY__ENABLED", "false".to_owned()),
            ("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()),
            (
                "BERDAYA_ENTERPRISE__HOUSEHOLDS_DATABASE_URL",
                households_database_url.to_owned(),
            ),
        ];
        Berdaya::serve_service_with("enterprise", database_url, free_port(), &settings)
    }

    /// `berdaya serve --service <service>` on `port` with extra `BERDAYA_*` settings.
    pub(crate) fn serve_service_with(
        service: &str,
        database_url: &str,
        port: u16,
        settings: &[(&str, String)],
    ) -> Berdaya {
        Berdaya::serve_service_logged(service, database_url, port, settings, None)
    }

    /// [`Berdaya::serve_service_with`], writing its log at debug level to `log` when
    /// given.
    pub(crate) fn serve_service_logged(
        service: &str,
        database_url: &str,
        port: u16,
        settings: &[(&str, String)],
        log: Option<&Path>,
    ) -> Berdaya {
        let env = test_keys_env();
        let mut command = Command::new(binary());
        command
            .args(["serve", "--service", service, "--grpc-addr"])
            .arg(format!("127.0.0.1:{port}"))
            .env_remove("BERDAYA_CONFIG")
            .env("BERDAYA_DATABASE_URL", database_url)
            // Tests run side by side: a free port unless a test sets one.
            .env("BERDAYA_HTTP_ADDR", "127.0.0.1:0")
            .envs(env.iter().cloned())
            .envs(settings.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null());
        log_to(&mut command, log);
        let child = command.spawn().expect("spawn berdaya serve");
        let token = issue_token_with_env(&env, &["admin"], &["*"], "admin");
        Berdaya {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            admin_token: token,
            data_dir: PathBuf::new(),
            dashboard: String::new(),
            metrics: String::new(),
            http: String::new(),
            extra_env: env,
        }
    }

    /// A token from `berdaya token issue` for this instance's keys.
    pub(crate) fn token(&self, roles: &[&str], regions: &[&str], subject: &str) -> String {
        if self.extra_env.is_empty() {
            let mut command = Command::new(binary());
            command
                .args(["token", "issue", "--subject", subject, "--data-dir"])
                .arg(&self.data_dir);
            for role in roles {
                command.args(["--role", role]);
            }
            for region in regions {
                command.args(["--region", region]);
            }
            run_token(command)
        } else {
            issue_token_with_env(&self.extra_env, roles, regions, subject)
        }
    }

    /// [`Berdaya::token`] valid for `hours` only (embedded mode).
    pub(crate) fn token_for_hours(
        &self,
        roles: &[&str],
        regions: &[&str],
        subject: &str,
        hours: u32,
    ) -> String {
        let mut command = Command::new(binary());
        command
            .args(["token", "issue", "--subject", subject, "--ttl-hours"])
            .arg(hours.to_string())
            .arg("--data-dir")
            .arg(&self.data_dir);
        for role in roles {
            command.args(["--role", role]);
        }
        for region in regions {
            command.args(["--region", region]);
        }
        run_token(command)
    }

    /// East Java's figures in the machine-form CSV (`ExportCsv` without a language), as
    /// the admin reads them.
    pub(crate) async fn machine_csv(&self) -> String {
        let mut client = self.reporting(&self.admin_token).await;
        let mut stream = client
            .export_csv(berdaya_proto::berdaya::reporting::v1::ExportCsvRequest {
                region_prefix: "35".into(),
                ..Default::default()
            })
            .await
            .expect("ExportCsv")
            .into_inner();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.message().await.expect("csv chunk") {
            bytes.extend(chunk.data);
        }
        String::from_utf8(bytes).expect("utf-8")
    }

    /// A households client sending `token`, once the server answers.
    pub(crate) async fn households(
        &self,
        token: &str,
    ) -> HouseholdsServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        HouseholdsServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A reporting client sending `token`, once the server answers.
    pub(crate) async fn reporting(
        &self,
        token: &str,
    ) -> ReportingServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        ReportingServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A participation client sending `token`, once the server answers.
    pub(crate) async fn participation(
        &self,
        token: &str,
    ) -> ParticipationServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        ParticipationServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A savings client sending `token`, once the server answers.
    pub(crate) async fn savings(
        &self,
        token: &str,
    ) -> SavingsServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        SavingsServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// An enterprise client sending `token`, once the server answers.
    pub(crate) async fn enterprise(
        &self,
        token: &str,
    ) -> EnterpriseServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        EnterpriseServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// An advocacy client sending `token`, once the server answers.
    pub(crate) async fn advocacy(
        &self,
        token: &str,
    ) -> AdvocacyServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        AdvocacyServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A partners client (partnerships) sending `token`, once the server answers.
    pub(crate) async fn partners(
        &self,
        token: &str,
    ) -> PartnersServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        PartnersServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A capacity client sending `token`, once the server answers.
    pub(crate) async fn capacity(
        &self,
        token: &str,
    ) -> CapacityServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        CapacityServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A local-wisdom client sending `token`, once the server answers.
    pub(crate) async fn local_wisdom(
        &self,
        token: &str,
    ) -> LocalWisdomServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        LocalWisdomServiceClient::with_interceptor(channel, Bearer(Some(token.to_owned())))
    }

    /// A households client sending no token.
    pub(crate) async fn households_anonymous(
        &self,
    ) -> HouseholdsServiceClient<InterceptedService<Channel, Bearer>> {
        let channel = connect(&self.endpoint).await;
        HouseholdsServiceClient::with_interceptor(channel, Bearer(None))
    }

    /// Stops the process with SIGKILL and waits for it.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits (at most `timeout`) for the process to exit; returns its
    /// exit status, or `None` if it was still running (it is then killed).
    pub(crate) fn terminate(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        None
    }

    /// The `host:port` of the gRPC endpoint.
    pub(crate) fn grpc_port(&self) -> u16 {
        self.endpoint
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("endpoint port")
    }
}

fn test_keys_env() -> Vec<(String, String)> {
    vec![
        (
            "BERDAYA_SIGNING_KEY".into(),
            "test-signing-key-0123456789abcdef0123456789".into(),
        ),
        (
            "BERDAYA_MASTER_KEY".into(),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into(),
        ),
        (
            "BERDAYA_BLIND_INDEX_KEY".into(),
            "HxseHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=".into(),
        ),
    ]
}

fn issue_token_with_env(
    env: &[(String, String)],
    roles: &[&str],
    regions: &[&str],
    subject: &str,
) -> String {
    let mut command = Command::new(binary());
    command
        .args(["token", "issue", "--subject", subject])
        .env_remove("BERDAYA_CONFIG")
        .envs(env.iter().cloned());
    for role in roles {
        command.args(["--role", role]);
    }
    for region in regions {
        command.args(["--region", region]);
    }
    run_token(command)
}

fn run_token(mut command: Command) -> String {
    let output = command.output().expect("run berdaya token issue");
    assert!(
        output.status.success(),
        "token issue failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf8")
        .trim()
        .to_owned()
}

/// The current reporting month (`YYYY-MM` in WIB): where a fact recorded now without a
/// date of its own (a registration) counts.
pub(crate) fn this_month() -> String {
    month_days_ago(0)
}

/// The reporting month (`YYYY-MM` in WIB) of the day `days` before today: where a fact
/// dated then counts.
pub(crate) fn month_days_ago(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7) - chrono::Duration::days(days))
        .format("%Y-%m")
        .to_string()
}

/// An indicator's figure over a range of months, as an officer reads it: a flow summed
/// over every month (facts dated in the last weeks may fall in the month before), a
/// stock at its level at the end of the range.
pub(crate) fn figure(series: &[berdaya_proto::berdaya::reporting::v1::Series]) -> i64 {
    use berdaya_reporting::catalog::{Kind, find};
    series
        .iter()
        .map(|s| {
            if find(&s.indicator).is_some_and(|i| i.kind == Kind::Stock) {
                s.points.last().map_or(0, |p| p.value)
            } else {
                s.points.iter().map(|p| p.value).sum()
            }
        })
        .sum()
}

/// A port that was free a moment ago.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A channel to `endpoint`, once the server accepts connections (30 s at most).
pub(crate) async fn connect(endpoint: &str) -> Channel {
    for _ in 0..300 {
        if let Ok(channel) = Channel::from_shared(endpoint.to_owned())
            .expect("endpoint")
            .connect()
            .await
        {
            return channel;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("berdaya at {endpoint} did not accept connections within 30 s");
}

/// Adds `authorization: Bearer <token>` to every call.
#[derive(Clone)]
pub(crate) struct Bearer(Option<String>);

impl Bearer {
    /// Sends `token` on every call (for clients of services this module has no
    /// constructor for).
    pub(crate) fn token(token: &str) -> Bearer {
        Bearer(Some(token.to_owned()))
    }
}

impl Interceptor for Bearer {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(token) = &self.0 {
            let value: MetadataValue<_> = format!("Bearer {token}").parse().expect("header");
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }
}

/// The admin URL of the test PostgreSQL server.
pub(crate) fn admin_database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, empty PostgreSQL database for one test; returns its URL.
pub(crate) fn fresh_database() -> String {
    let admin = admin_database_url();
    let name = format!("berdaya_e2e_{}", uuid::Uuid::new_v4().simple());
    let status = Command::new("psql")
        .arg(&admin)
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-c"])
        .arg(format!("CREATE DATABASE {name}"))
        .status()
        .expect("run psql");
    assert!(status.success(), "could not create database {name}");
    match admin.rfind('/') {
        Some(slash) => format!("{}/{name}", &admin[..slash]),
        None => panic!("DATABASE_URL {admin} has no database part"),
    }
}
