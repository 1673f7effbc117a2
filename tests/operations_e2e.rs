//! What an operator relies on, from outside the real binary: HTTP liveness and
//! readiness for probes that cannot speak gRPC, the metrics an alert needs (release,
//! process, gRPC) under `berdaya up` as under `berdaya serve`, and logs a pipeline can
//! parse (JSON lines, no terminal colour codes).

mod common;

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
