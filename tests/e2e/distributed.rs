//! End-to-end, distributed mode: real `berdaya serve` processes on the real PostgreSQL,
//! each test with its own database, its own `nats-server` process (so it can kill and
//! restart it) and its own stream and subject prefix; events observed from another
//! process with `berdaya events tail`.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::cluster::{
    Deployment, PgProxy, TIMEOUT, assert_exactly, metrics, register, register_in_background,
    registration, sample, wait_count, wait_metric,
};
use common::{Berdaya, free_port};

const LEADER: &str = "berdaya_relay_leader{context=\"households\"}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_reaches_a_consumer_in_another_process_within_the_callers_trace() {
    let deployment = Deployment::new();
    let metrics_port = free_port();
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")));
    // An idle relay looks for new events only every 3 s, so the event recorded just
    // before SIGTERM below is published by the relay's flush on the way out.
    settings.push(("BERDAYA_NATS__RELAY__POLL_INTERVAL_MS", "3000".to_owned()));
    let mut service = Berdaya::serve_households_with(&deployment.database, free_port(), &settings);
    let tail = deployment.tail("integrator");

    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let mut request = tonic::Request::new(registration(1, "traced-registration"));
    request.metadata_mut().insert(
        "traceparent",
        format!("00-{trace_id}-00f067aa0ba902b7-01")
            .parse()
            .unwrap(),
    );
    let mut client = service.households(&service.admin_token).await;
    let household = client
        .register_household(request)
        .await
        .unwrap()
        .into_inner();
    let household_id = household.household.unwrap().household_id;

    let lines = tail.wait_for(1, TIMEOUT);
    let event = &lines[0];
    assert_eq!(
        event["event_type"],
        "berdaya.households.v1.HouseholdRegistered"
    );
    assert_eq!(event["context"], "households");
    assert_eq!(event["stream_id"], format!("household-{household_id}"));
    assert_eq!(event["version"], 1);
    assert_eq!(event["region"], "35.78.01.1001");
    // The payload is decoded to proto3 JSON through the descriptor set; the personal
    // fields inside it stay sealed (bytes, base64).
    assert_eq!(event["payload"]["householdId"], household_id);
    assert_eq!(event["payload"]["villageCode"], "35.78.01.1001");
    assert!(event["payload"]["personal"].is_object(), "{event}");
    assert!(event.get("payload_base64").is_none(), "{event}");
    // The event carries the server's span, a child within the caller's trace, and the
    // consumer in the other process joined that trace.
    let traceparent = event["traceparent"].as_str().unwrap();
    assert!(
        traceparent.starts_with(&format!("00-{trace_id}-")),
        "{traceparent}"
    );
    assert!(!traceparent.contains("00f067aa0ba902b7"), "{traceparent}");
    assert_eq!(event["trace_id"], trace_id);

    wait_metric(
        metrics_port,
        "berdaya_relay_published_total{context=\"households\"}",
        1.0,
    )
    .await;
    let text = metrics(metrics_port).await;
    // The event store's pool, sampled from the start: its ceiling and what is in use.
    assert!(
        sample(&text, "berdaya_db_pool_connections{state=\"max\"}").is_some_and(|max| max >= 1.0),
        "{text}"
    );
    assert!(sample(&text, "berdaya_db_pool_connections{state=\"in_use\"}").is_some());
    assert_eq!(
        sample(
            &text,
            "berdaya_events_appended_total{category=\"household\"}"
        ),
        Some(1.0)
    );
    assert_eq!(sample(&text, LEADER), Some(1.0));
    assert!(
        text.contains("berdaya_grpc_requests_total{code=\"OK\",method=\"/berdaya.households.v1.HouseholdsService/RegisterHousehold\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("berdaya_grpc_request_duration_seconds_bucket"),
        "{text}"
    );

    // A graceful stop right after a command: the process exits cleanly, and the relay
    // has published that command's event on its way out.
    let second = register(&service, 2).await;
    let status = service
        .terminate(Duration::from_secs(20))
        .expect("stopped on SIGTERM");
    assert!(status.success(), "{status:?}");
    assert_eq!(deployment.stream_messages().await, 2);
    let lines = tail.wait_for(2, TIMEOUT);
    assert_eq!(lines[1]["stream_id"], format!("household-{second}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_nats_during_commands_loses_and_duplicates_nothing() {
    let mut deployment = Deployment::new();
    let metrics_port = free_port();
    let service = Arc::new(deployment.serve(free_port(), metrics_port));
    let done = Arc::new(AtomicUsize::new(0));
    let commands = register_in_background(service.clone(), 0..30, done.clone());

    wait_count(&done, 8).await;
    deployment.nats.kill();
    let at_kill = done.load(Ordering::SeqCst);
    // The relay notices (its publishes time out) and retries...
    let errors = "berdaya_relay_errors_total{context=\"households\"}";
    let deadline = Instant::now() + TIMEOUT;
    while sample(&metrics(metrics_port).await, errors).unwrap_or(0.0) < 1.0 {
        assert!(
            Instant::now() < deadline,
            "the relay never noticed NATS was down"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // ...while commands keep succeeding: the log is the outbox.
    wait_count(&done, at_kill + 8).await;
    deployment.nats.restart();
    let mut ids = commands.await.unwrap();
    for n in 30..35 {
        ids.push(register(&service, n).await);
    }

    deployment.wait_stream(35).await;
    let tail = deployment.tail("after-outage");
    let lines = tail.wait_for(35, TIMEOUT);
    assert_exactly(&lines, &ids);
    assert_eq!(
        deployment.stream_messages().await,
        35,
        "no event stored twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_relay_process_mid_stream_loses_nothing() {
    let deployment = Deployment::new();
    let port = free_port();
    let metrics_port = free_port();
    let mut settings = deployment.nats_settings();
    // One event per round, so a kill lands in the middle of publishing.
    settings.push(("BERDAYA_NATS__RELAY__BATCH", "1".to_owned()));
    settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")));
    let first = Berdaya::serve_households_with(&deployment.database, port, &settings);
    let tail = deployment.tail("through-crash");
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(register(&first, n).await);
    }
    // SIGKILL while the relay is still working through the log.
    let mut first = first;
    first.kill();
    let published_before = deployment.stream_messages().await;
    let second = Berdaya::serve_households_with(&deployment.database, port, &settings);
    for n in 20..30 {
        ids.push(register(&second, n).await);
    }
    deployment.wait_stream(30).await;
    let lines = tail.wait_for(30, TIMEOUT);
    assert_exactly(&lines, &ids);
    eprintln!("relay killed after publishing {published_before} of 20 events");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_replica_takes_over_the_relay() {
    let deployment = Deployment::new();
    let (port_a, metrics_a) = (free_port(), free_port());
    let (port_b, metrics_b) = (free_port(), free_port());
    let mut a = deployment.serve(port_a, metrics_a);
    wait_metric(metrics_a, LEADER, 1.0).await;
    let b = deployment.serve(port_b, metrics_b);
    // B is up and standing by: it answers commands but does not relay.
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(register(&b, n).await);
    }
    deployment.wait_stream(5).await;
    assert_eq!(sample(&metrics(metrics_b).await, LEADER), Some(0.0));

    a.kill();
    wait_metric(metrics_b, LEADER, 1.0).await;
    for n in 5..10 {
        ids.push(register(&b, n).await);
    }
    deployment.wait_stream(10).await;
    let tail = deployment.tail("after-takeover");
    assert_exactly(&tail.wait_for(10, TIMEOUT), &ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_fails_commands_with_unavailable_and_the_service_recovers() {
    let deployment = Deployment::new();
    if !deployment.database.contains("127.0.0.1:5432") {
        eprintln!("skipped: DATABASE_URL is not on 127.0.0.1:5432");
        return;
    }
    let mut proxy = PgProxy::start().await;
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{}", free_port())));
    let service =
        Berdaya::serve_households_with(&proxy.url(&deployment.database), free_port(), &settings);
    let first = register(&service, 0).await;

    proxy.down().await;
    let mut client = service.households(&service.admin_token).await;
    let started = Instant::now();
    let status = client
        .register_household(registration(1, "during-outage"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "failed fast enough"
    );

    proxy.up().await;
    // No restart: the same process serves again once the database is back.
    let second = register(&service, 1).await;
    deployment.wait_stream(2).await;
    let tail = deployment.tail("after-db-outage");
    assert_exactly(&tail.wait_for(2, TIMEOUT), &[first, second]);
}

/// A tool must leave the deployment as it found it: `berdaya events tail` without
/// `--durable` reads the stream through an ephemeral consumer the server removes after
/// the tail exits, and, run with settings that differ from the relays' (fewer replicas,
/// a shorter age), it changes nothing of the stream's configuration.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ephemeral_tail_leaves_the_stream_and_its_consumers_as_they_were() {
    let deployment = Deployment::new();
    let service = deployment.serve(free_port(), free_port());
    register(&service, 1).await;
    deployment.wait_stream(1).await;

    let client = async_nats::connect(deployment.nats.url()).await.unwrap();
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream(&deployment.stream).await.unwrap();
    let before = stream.info().await.unwrap().clone();

    // Other limits than the relay's: a tool must not reconcile the stream to them.
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_NATS__MAX_AGE_DAYS", "1".to_owned()));
    let filter = format!("{}.households.>", deployment.prefix);
    let tail = common::nats::EventsTail::start("", Some(&filter), &settings);
    let lines = tail.wait_for(1, TIMEOUT);
    assert_eq!(lines[0]["payload"]["villageCode"], "35.78.01.1001");
    let during = stream.info().await.unwrap().state.consumer_count;
    assert_eq!(
        during,
        before.state.consumer_count + 1,
        "the tail's consumer"
    );
    drop(tail);

    // The server removes the ephemeral consumer once the tail is gone (10 s inactive).
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let info = stream.info().await.unwrap().clone();
        if info.state.consumer_count == before.state.consumer_count {
            assert_eq!(info.config.max_age, before.config.max_age);
            assert_eq!(info.config.num_replicas, before.config.num_replicas);
            assert_eq!(info.config.subjects, before.config.subjects);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the tail's consumer is still on the server: {} consumers, {} before",
            info.state.consumer_count,
            before.state.consumer_count
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
