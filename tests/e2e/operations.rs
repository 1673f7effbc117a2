//! What an operator relies on, from outside the real binary: HTTP liveness and
//! readiness for probes that cannot speak gRPC, the metrics an alert needs (release,
//! process, gRPC) under `berdaya up` as under `berdaya serve`, and logs a pipeline can
//! parse (JSON lines, no terminal colour codes).

use crate::common;

use common::Berdaya;

/// `GET http://addr/path`: the status and the body.
async fn get(addr: &str, path: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .expect("HTTP GET");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// One gRPC health check; returns the client, still connected.
async fn health_check(
    endpoint: &str,
) -> tonic_health::pb::health_client::HealthClient<tonic::transport::Channel> {
    let mut health =
        tonic_health::pb::health_client::HealthClient::new(common::connect(endpoint).await);
    health
        .check(tonic_health::pb::HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health check");
    health
}

#[tokio::test]
async fn berdaya_up_serves_metrics_liveness_and_readiness() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    assert!(
        !berdaya.metrics.is_empty(),
        "the ready line names no metrics address"
    );

    // One gRPC call, so its series exists.
    let _client = health_check(&berdaya.endpoint).await;

    let (status, body) = get(&berdaya.metrics, "/healthz").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&berdaya.metrics, "/readyz").await;
    assert_eq!(status, 200, "{body}");

    let (status, metrics) = get(&berdaya.metrics, "/metrics").await;
    assert_eq!(status, 200);
    for series in [
        "berdaya_build_info{version=\"",
        "process_resident_memory_bytes",
        "process_cpu_seconds_total",
        "berdaya_grpc_requests_total{code=\"OK\",method=\"/grpc.health.v1.Health/Check\"}",
    ] {
        assert!(metrics.contains(series), "no {series} in:\n{metrics}");
    }
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_without_colour_codes() {
    let database = common::fresh_database();
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("households.log");
    let settings = [
        ("BERDAYA_NATS__RELAY__ENABLED", "false".to_owned()),
        ("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()),
        ("BERDAYA_LOG_FORMAT", "json".to_owned()),
    ];
    let mut berdaya = Berdaya::serve_service_logged(
        "households",
        &database,
        common::free_port(),
        &settings,
        Some(&log),
    );
    // Serving is logged once the process is up; a call makes more lines.
    // The client stays connected, idle: it must not hold the stop.
    let _client = health_check(&berdaya.endpoint).await;
    let status = berdaya.terminate(std::time::Duration::from_secs(20));
    assert!(
        status.is_some_and(|s| s.success()),
        "an idle client held the stop past 20 s: {status:?}"
    );

    let text = std::fs::read_to_string(&log).expect("read the log");
    assert!(
        !text.contains('\u{1b}'),
        "colour codes in a log file:\n{text}"
    );
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let serving = lines
        .iter()
        .find(|line| line["fields"]["message"] == "serving")
        .unwrap_or_else(|| panic!("no serving line in {lines:#?}"));
    assert_eq!(serving["level"], "INFO");
    assert!(
        serving["fields"]["addr"]
            .as_str()
            .is_some_and(|addr| addr.starts_with("127.0.0.1:")),
        "the serving line names no address: {serving}"
    );
    assert!(
        lines.iter().any(|line| line["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("metrics on /metrics"))),
        "the metrics address is not logged"
    );
}

/// Runs the binary with `args` in `dir`, with no settings from the environment.
fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(common::binary())
        .args(args)
        .current_dir(dir)
        .env_remove("BERDAYA_CONFIG")
        .env_remove("BERDAYA_DATABASE_URL")
        .env_remove("BERDAYA_DATA_DIR")
        .env_remove("BERDAYA_SIGNING_KEY")
        .envs(env.iter().copied())
        .output()
        .expect("run berdaya")
}

#[test]
fn keys_generate_prints_keys_of_the_lengths_the_services_require() {
    use base64::Engine;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), &["keys", "generate"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lengths = Vec::new();
    for (line, name) in text.lines().zip([
        "BERDAYA_SIGNING_KEY",
        "BERDAYA_MASTER_KEY",
        "BERDAYA_BLIND_INDEX_KEY",
    ]) {
        let value = line
            .strip_prefix(&format!("{name}="))
            .unwrap_or_else(|| panic!("{line}"));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value)
            .expect("base64");
        lengths.push(bytes.len());
    }
    assert_eq!(lengths, [48, 32, 32], "{text}");
    let again = run(dir.path(), &["keys", "generate"], &[]);
    assert_ne!(again.stdout, text.as_bytes(), "two runs gave the same keys");

    let secret = run(
        dir.path(),
        &["keys", "generate", "--format", "kubernetes"],
        &[],
    );
    let yaml = String::from_utf8(secret.stdout).expect("utf-8");
    assert!(yaml.contains("kind: Secret") && yaml.contains("name: berdaya-keys"));
    assert!(yaml.contains("master-key: \"") && yaml.contains("blind-index-key: \""));
}

#[test]
fn tools_say_what_they_need_instead_of_failing_obscurely() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No berdaya up data here: token issue says where it looked and what to pass.
    let out = run(
        dir.path(),
        &[
            "token",
            "issue",
            "--role",
            "caseworker",
            "--region",
            "35.78",
            "--subject",
            "ani",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--data-dir") && stderr.contains("BERDAYA_SIGNING_KEY"),
        "{stderr}"
    );

    // The replaying reporting commands say they read berdaya up's logs, not PostgreSQL.
    let url = [(
        "BERDAYA_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/postgres",
    )];
    for command in [
        &["reporting", "rebuild"][..],
        &["reporting", "as-of", "--at", "2026-10-31T23:59:59+07:00"],
    ] {
        let out = run(dir.path(), command, &url);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            stderr.contains("does not work on PostgreSQL yet") && !stderr.contains("sqlite"),
            "{command:?}: {stderr}"
        );
    }
    let out = run(dir.path(), &["reporting", "rebuild"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds no `berdaya up` data"), "{stderr}");
}
