//! grpcurl and other generic clients discover the API through reflection, without .proto
//! files and without a token. This checks what `grpcurl list` and `grpcurl describe` ask
//! for, on both protocol versions (v1alpha is what most deployed grpcurl builds use).

mod common;

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
