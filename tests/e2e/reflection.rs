//! grpcurl and other generic clients discover the API through reflection, without .proto
//! files and without a token. This checks what `grpcurl list` and `grpcurl describe` ask
//! for, on both protocol versions (v1alpha is what most deployed grpcurl builds use).

use crate::common;

use common::Berdaya;
use tonic_reflection::pb::{v1, v1alpha};

const HOUSEHOLDS: &str = "berdaya.households.v1.HouseholdsService";

#[tokio::test]
async fn reflection_lists_and_describes_the_services_on_v1_and_v1alpha() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let channel = common::connect(&berdaya.endpoint).await;

    // v1: list services, then the file that defines the households service.
    let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel.clone());
    let requests = vec![
        v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
        },
        v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(
                v1::server_reflection_request::MessageRequest::FileContainingSymbol(
                    HOUSEHOLDS.to_owned(),
                ),
            ),
        },
    ];
    let mut answers = client
        .server_reflection_info(tokio_stream::iter(requests))
        .await
        .expect("reflection v1")
        .into_inner();
    let listed = answers.message().await.expect("answer").expect("list");
    let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        listed.message_response
    else {
        panic!("unexpected answer {listed:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(names.contains(&HOUSEHOLDS.to_owned()), "{names:?}");
    assert!(
        names.contains(&"grpc.health.v1.Health".to_owned()),
        "{names:?}"
    );
    let described = answers.message().await.expect("answer").expect("file");
    let Some(v1::server_reflection_response::MessageResponse::FileDescriptorResponse(files)) =
        described.message_response
    else {
        panic!("unexpected answer {described:?}");
    };
    assert!(!files.file_descriptor_proto.is_empty());

    // v1alpha: the same list.
    let mut client = v1alpha::server_reflection_client::ServerReflectionClient::new(channel);
    let request = v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            v1alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
        ),
    };
    let mut answers = client
        .server_reflection_info(tokio_stream::iter(vec![request]))
        .await
        .expect("reflection v1alpha")
        .into_inner();
    let listed = answers.message().await.expect("answer").expect("list");
    let Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        listed.message_response
    else {
        panic!("unexpected answer {listed:?}");
    };
    assert!(list.service.iter().any(|s| s.name == HOUSEHOLDS));
}

/// Lists the services a process advertises over reflection v1.
async fn listed_services(endpoint: &str) -> Vec<String> {
    let channel = common::connect(endpoint).await;
    let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel);
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
            String::new(),
        )),
    };
    let mut answers = client
        .server_reflection_info(tokio_stream::iter(vec![request]))
        .await
        .expect("reflection v1")
        .into_inner();
    let listed = answers.message().await.expect("answer").expect("list");
    let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        listed.message_response
    else {
        panic!("unexpected answer {listed:?}");
    };
    list.service.into_iter().map(|s| s.name).collect()
}

/// A `berdaya serve --service households` process advertises what it serves, not the
/// services of the other processes: `grpcurl list` against it must not offer calls that
/// answer UNIMPLEMENTED.
#[tokio::test]
async fn a_service_process_lists_only_its_own_services() {
    let database = common::fresh_database();
    let berdaya = Berdaya::serve_households(&database);
    let names = listed_services(&berdaya.endpoint).await;
    assert!(names.contains(&HOUSEHOLDS.to_owned()), "{names:?}");
    assert!(
        names.contains(&"grpc.health.v1.Health".to_owned()),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("berdaya.enterprise.") || n.starts_with("berdaya.reporting.")),
        "a households process lists other contexts' services: {names:?}"
    );
}

/// An open health `Watch` (as a load balancer or `grpc-health-probe -watch` keeps) must
/// not hold the graceful drain: on SIGTERM the watch sees NOT_SERVING, its stream ends,
/// and the process exits well before the 25 s drain deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_health_watch_does_not_hold_the_drain() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut berdaya = Berdaya::up(dir.path(), &[]);
    let mut health = HealthClient::new(common::connect(&berdaya.endpoint).await);
    let mut watch = health
        .watch(HealthCheckRequest {
            service: HOUSEHOLDS.to_owned(),
        })
        .await
        .expect("watch")
        .into_inner();
    let first = watch.message().await.expect("first status").expect("one");
    assert_eq!(first.status, ServingStatus::Serving as i32);

    let started = std::time::Instant::now();
    let watcher = tokio::spawn(async move {
        let mut seen = Vec::new();
        while let Ok(Some(update)) = watch.message().await {
            seen.push(update.status);
        }
        seen
    });
    // The watcher reads while the process stops (terminate blocks its thread).
    let (status, berdaya) = tokio::task::spawn_blocking(move || {
        let status = berdaya.terminate(std::time::Duration::from_secs(20));
        (status, berdaya)
    })
    .await
    .expect("terminate");
    drop(berdaya);
    let took = started.elapsed();
    assert!(status.is_some(), "the process did not exit within 20 s");
    assert!(
        took < std::time::Duration::from_secs(15),
        "the drain took {took:?}, held by the watch"
    );
    let seen = watcher.await.expect("watcher");
    assert!(
        seen.contains(&(ServingStatus::NotServing as i32)),
        "the watch ended without NOT_SERVING: {seen:?}"
    );
}
