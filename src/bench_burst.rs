//! `berdaya bench --scenario burst`: what a burst of large-but-allowed requests from one
//! token does to everyone else. A real gRPC server on loopback (the call guard, the auth
//! interceptor and the reporting service over a SQLite read model) first answers a quiet
//! baseline of health checks and another client's queries, then the same while one
//! token fires `--concurrency` streams of ~60 KiB `GetIndicators` requests (64 unknown
//! ids of 900 characters: just within the method's 64 KiB limit). Prints latency
//! figures side by side; asserts nothing.

use std::sync::Arc;
use std::time::{Duration, Instant};

use berdaya_platform::call_guard::CallLimits;
use berdaya_platform::{JwtKeys, Role};
use berdaya_proto::berdaya::reporting::v1 as pb;
use berdaya_proto::berdaya::reporting::v1::reporting_service_client::ReportingServiceClient;
use berdaya_proto::berdaya::reporting::v1::reporting_service_server::ReportingServiceServer;
use tonic::transport::Channel;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

/// Health checks and other-client queries per phase.
const PROBES: usize = 200;

fn latency_line(name: &str, mut latencies: Vec<Duration>) {
    latencies.sort();
    let ms = |p: f64| {
        let rank = ((p / 100.0) * (latencies.len().saturating_sub(1)) as f64).round() as usize;
        latencies
            .get(rank)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{name:<22} {:>5} calls  latency ms p50 {:>7.2}  p95 {:>7.2}  p99 {:>7.2}  max {:>7.2}",
        latencies.len(),
        ms(50.0),
        ms(95.0),
        ms(99.0),
        ms(100.0)
    );
}

fn with_token<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Ok(value) = format!("Bearer {token}").parse() {
        request.metadata_mut().insert("authorization", value);
    }
    request
}

fn quiet_query() -> pb::GetIndicatorsRequest {
    let month = berdaya_reporting::facts::month_of(chrono::Utc::now());
    pb::GetIndicatorsRequest {
        region_prefix: "35".to_owned(),
        from_month: month.clone(),
        to_month: month,
        indicators: Vec::new(),
    }
}

/// Health checks and another client's queries, one after the other, with latencies.
async fn probe(channel: Channel, token: &str) -> (Vec<Duration>, Vec<Duration>) {
    let mut health = HealthClient::new(channel.clone());
    let mut reporting = ReportingServiceClient::new(channel);
    let (mut checks, mut queries) = (Vec::new(), Vec::new());
    for _ in 0..PROBES {
        let begun = Instant::now();
        if health
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .is_ok()
        {
            checks.push(begun.elapsed());
        }
        let begun = Instant::now();
        if reporting
            .get_indicators(with_token(quiet_query(), token))
            .await
            .is_ok()
        {
            queries.push(begun.elapsed());
        }
    }
    (checks, queries)
}

/// Runs the scenario with `streams` concurrent bursting streams of `calls` calls each.
///
/// # Errors
/// When the server cannot start.
pub(crate) async fn burst(streams: usize, calls: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let model = berdaya_reporting::store::ReadModel::open(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("reporting.db").display()
    ))
    .await?;
    let secret: [u8; 32] = rand::random();
    let jwt = Arc::new(JwtKeys::new(&secret, "bench"));
    let burster = jwt.issue(
        "burster",
        &[Role::Caseworker],
        &["35".to_owned()],
        chrono::Duration::hours(1),
    )?;
    let other = jwt.issue(
        "other",
        &[Role::Auditor],
        &["35".to_owned()],
        chrono::Duration::hours(1),
    )?;
    let listener = berdaya_platform::server::bind("127.0.0.1:0".parse()?).await?;
    let address = format!("http://{}", listener.local_addr()?);
    let gateway = crate::grpc::Gateway::new(jwt, &CallLimits::default())?;
    let mut routes = tonic::service::RoutesBuilder::default();
    routes.add_service(gateway.grpc.guard(ReportingServiceServer::new(
        berdaya_reporting::grpc::ReportingApi::new(model),
    )));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let names = vec![berdaya_reporting::grpc::SERVICE_NAME];
    let server = tokio::spawn(async move {
        crate::grpc::serve(listener, &gateway, routes, names, async move {
            let _ = stopped.await;
        })
        .await
    });
    let endpoint = Channel::from_shared(address)?;
    let channel = endpoint.connect().await?;
    println!(
        "berdaya bench --scenario burst: {streams} streams of {calls} calls of ~60 KiB from one token"
    );

    let (checks, queries) = probe(channel.clone(), &other).await;
    latency_line("quiet health check", checks);
    latency_line("quiet other client", queries);

    let big = pb::GetIndicatorsRequest {
        indicators: vec!["x".repeat(900); 64],
        ..quiet_query()
    };
    let mut tasks = Vec::new();
    for _ in 0..streams {
        let mut client = ReportingServiceClient::new(endpoint.connect().await?);
        let (request, token) = (big.clone(), burster.clone());
        tasks.push(tokio::spawn(async move {
            let mut outcomes = (Vec::new(), 0usize);
            for _ in 0..calls {
                let begun = Instant::now();
                match client
                    .get_indicators(with_token(request.clone(), &token))
                    .await
                {
                    Err(status) if status.code() == tonic::Code::ResourceExhausted => {
                        outcomes.1 += 1;
                    }
                    _ => outcomes.0.push(begun.elapsed()),
                }
            }
            outcomes
        }));
    }
    let (checks, queries) = probe(channel, &other).await;
    let (mut answered, mut limited) = (Vec::new(), 0);
    for task in tasks {
        let (latencies, refused) = task.await?;
        answered.extend(latencies);
        limited += refused;
    }
    latency_line("burst health check", checks);
    latency_line("burst other client", queries);
    latency_line("burst itself", answered);
    println!("burst calls shed or rate-limited (RESOURCE_EXHAUSTED): {limited}");
    let _ = stop.send(());
    server.await??;
    Ok(())
}
