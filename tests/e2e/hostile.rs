//! Issue 20 against the real binary: a caller with a valid low-privilege token, or none,
//! sending what an attacker would. One call must never break a province, and every
//! value, list, message and error is bounded.

use crate::common;

use std::time::Duration;

use berdaya_proto::berdaya::enterprise::v1 as epb;
use berdaya_proto::berdaya::households::v1 as hpb;
use berdaya_proto::berdaya::reporting::v1 as rpb;
use bytes::{Buf, BufMut};
use common::fixtures::{bad_fields, context};
use common::{Berdaya, this_month};
use tonic::Code;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

/// Today in WIB, as the server's "not in the future" checks see it.
fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y-%m-%d")
        .to_string()
}

/// Item 1: the exact attack of the issue (`iks` = 9223372036854775807 and friends on
/// every money field of every service) is refused naming the field, and afterwards
/// ExportCsv, GetIndicators, the dashboard CSV and a rebuild all answer.
#[tokio::test]
async fn the_attack_of_issue_20_leaves_every_read_path_answering() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let token = berdaya.token(&["caseworker"], &["35"], "penyerang");
    let mut enterprise = berdaya.enterprise(&token).await;
    let groups = enterprise
        .list_groups(epb::ListGroupsRequest {
            region_prefix: "35".into(),
            ..Default::default()
        })
        .await
        .expect("list groups")
        .into_inner()
        .groups;
    let group_id = groups.first().expect("a demo group").group_id.clone();
    let huge = i64::MAX;
    let status = enterprise
        .report_progress(epb::ReportProgressRequest {
            context: context("attack-1"),
            group_id: group_id.clone(),
            month: this_month(),
            revenue: huge,
            costs: 0,
            capital: huge,
            split: Some(epb::ProfitSplit {
                capital: 0,
                member_welfare: 0,
                iks: huge,
            }),
            reported_on: today(),
            note: String::new(),
        })
        .await
        .expect_err("the attack is refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(bad_fields(&status), ["revenue", "capital", "split.iks"]);
    assert!(
        status
            .message()
            .contains("must be 0 to 10000000000 rupiah, got 9223372036854775807"),
        "{}",
        status.message()
    );
    let status = enterprise
        .award_grant(epb::AwardGrantRequest {
            context: context("attack-2"),
            group_id: group_id.clone(),
            scheme: epb::GrantScheme::Blps as i32,
            amount: huge,
            awarded_on: today(),
            ..Default::default()
        })
        .await
        .expect_err("an absurd grant is refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(bad_fields(&status), ["amount"]);
    let status = enterprise
        .share_iks(epb::ShareIksRequest {
            context: context("attack-3"),
            group_id,
            amount: i64::MIN,
            shared_on: today(),
            recipients: "warga".into(),
            ..Default::default()
        })
        .await
        .expect_err("a negative share is refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");

    // Every read path of the province still answers.
    let mut reporting = berdaya.reporting(&token).await;
    let month = this_month();
    reporting
        .get_indicators(rpb::GetIndicatorsRequest {
            region_prefix: "35".into(),
            from_month: month.clone(),
            to_month: month.clone(),
            indicators: vec![],
        })
        .await
        .expect("GetIndicators answers");
    let mut csv = reporting
        .export_csv(rpb::ExportCsvRequest {
            region_prefix: "35".into(),
            ..Default::default()
        })
        .await
        .expect("ExportCsv answers")
        .into_inner();
    while let Some(chunk) = csv.message().await.expect("csv chunk") {
        assert!(!chunk.data.is_empty());
    }
    let response = reqwest::Client::new()
        .get(format!("{}/export.csv?region=35", berdaya.dashboard))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("dashboard csv");
    assert_eq!(response.status(), 200);
    let rebuilt = std::process::Command::new(common::binary())
        .args(["reporting", "rebuild", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("rebuild");
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
}

/// Raw bytes as a request body, for bodies no generated client would send.
#[derive(Debug, Clone, Default)]
struct Raw;

impl Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = Raw;
    type Decoder = Raw;

    fn encoder(&mut self) -> Raw {
        Raw
    }

    fn decoder(&mut self) -> Raw {
        Raw
    }
}

impl Encoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}

/// Sends `body` as the request of `path` with `token`.
async fn raw_call(
    berdaya: &Berdaya,
    token: &str,
    path: &'static str,
    body: Vec<u8>,
) -> Result<Vec<u8>, tonic::Status> {
    let channel = common::connect(&berdaya.endpoint).await;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.expect("ready");
    let mut request = tonic::Request::new(body);
    request.metadata_mut().insert(
        "authorization",
        format!("Bearer {token}").parse().expect("header"),
    );
    grpc.unary(
        request,
        tonic::codegen::http::uri::PathAndQuery::from_static(path),
        Raw,
    )
    .await
    .map(tonic::Response::into_inner)
}

/// The `grpc-status` the server answers to one call sent over a bare HTTP/2
/// connection with `grpc-timeout: timeout` (tonic's client would time out by itself).
async fn h2_status(
    berdaya: &Berdaya,
    token: &str,
    path: &str,
    timeout: &str,
    message: Vec<u8>,
    body_after: Duration,
) -> i32 {
    let address = berdaya.endpoint.trim_start_matches("http://").to_owned();
    let tcp = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let (client, connection) = h2::client::handshake(tcp).await.expect("handshake");
    tokio::spawn(connection);
    let mut client = client.ready().await.expect("ready");
    let request = http::Request::post(format!("http://{address}{path}"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .header("grpc-timeout", timeout)
        .header("authorization", format!("Bearer {token}"))
        .body(())
        .expect("request");
    let (response, mut send) = client.send_request(request, false).expect("send");
    let mut frame = vec![0u8];
    frame.extend_from_slice(&u32::try_from(message.len()).expect("length").to_be_bytes());
    frame.extend_from_slice(&message);
    let mut response = Box::pin(response);
    // Withholding the body: the answer may come before it is sent.
    if let Ok(answered) = tokio::time::timeout(body_after, &mut response).await {
        return code_of(answered.expect("response")).await;
    }
    send.send_data(frame.into(), true).expect("body");
    let response = tokio::time::timeout(Duration::from_secs(30), response)
        .await
        .expect("an answer")
        .expect("response");
    code_of(response).await
}

/// The `grpc-status` of a response: in its headers (trailers-only) or its trailers.
async fn code_of(response: http::Response<h2::RecvStream>) -> i32 {
    let status = |headers: &http::HeaderMap| {
        headers
            .get("grpc-status")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i32>().ok())
    };
    if let Some(code) = status(response.headers()) {
        return code;
    }
    let mut body = response.into_body();
    while body.data().await.is_some() {}
    let trailers = body
        .trailers()
        .await
        .expect("trailers")
        .expect("some trailers");
    status(&trailers).expect("grpc-status")
}

const GET_INDICATORS: &str = "/berdaya.reporting.v1.ReportingService/GetIndicators";
const REGISTER: &str = "/berdaya.households.v1.HouseholdsService/RegisterHousehold";
const UPDATE_DECILE: &str = "/berdaya.households.v1.HouseholdsService/UpdateDecile";

/// Items 3 to 5 and 9: bodies that must never be decoded, or never be taken as meant.
#[tokio::test]
async fn hostile_bodies_are_refused_with_the_right_code_before_decoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let admin = berdaya.admin_token.clone();

    // A million empty members (2 MB): refused from the frame header, naming the limit.
    let million = hpb::RegisterHouseholdRequest {
        context: context("big-1"),
        members: vec![hpb::NewMember::default(); 1_000_000],
        ..Default::default()
    };
    let status = berdaya
        .households(&admin)
        .await
        .register_household(million.clone())
        .await
        .expect_err("oversized");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status
            .message()
            .contains("more than the 65536 bytes this method accepts"),
        "{}",
        status.message()
    );

    // An auditor's write is refused before its body is read: garbage gets the role
    // refusal, not a decoding error.
    let auditor = berdaya.token(&["auditor"], &["*"], "pemeriksa");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let status = raw_call(&berdaya, &auditor, REGISTER, garbage.clone())
        .await
        .expect_err("auditor write");
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");

    // Undecodable bodies are the client's error: random bytes, a truncated message, a
    // wrong wire type, invalid UTF-8.
    let valid = prost::Message::encode_to_vec(&hpb::RegisterHouseholdRequest {
        address: "Jl. Kenjeran 12".into(),
        ..Default::default()
    });
    let truncated = valid[..valid.len() - 3].to_vec();
    let wrong_wire_type = vec![0x12, 0x00, 0x15, 0x01, 0x02, 0x03, 0x04]; // field 2 as fixed32
    let bad_utf8 = vec![0x2a, 0x02, 0xff, 0xfe]; // address = bytes that are not UTF-8
    for body in [garbage, truncated, wrong_wire_type, bad_utf8] {
        let status = raw_call(&berdaya, &admin, REGISTER, body)
            .await
            .expect_err("undecodable");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    }

    // decile 4294967298 would decode as 2: refused instead, naming the field.
    let mut decile = Vec::new();
    prost::encoding::encode_key(3, prost::encoding::WireType::Varint, &mut decile);
    prost::encoding::encode_varint(4_294_967_298, &mut decile);
    let status = raw_call(&berdaya, &admin, UPDATE_DECILE, decile)
        .await
        .expect_err("truncating varint");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status.message().starts_with("decile: 4294967298"),
        "{}",
        status.message()
    );

    // A deadline that passes answers DEADLINE_EXCEEDED, not CANCELLED.
    let request = prost::Message::encode_to_vec(&rpb::GetIndicatorsRequest {
        region_prefix: "35".into(),
        from_month: this_month(),
        to_month: this_month(),
        indicators: vec![],
    });
    let passed = h2_status(
        &berdaya,
        &admin,
        GET_INDICATORS,
        "1n",
        request.clone(),
        Duration::ZERO,
    );
    assert_eq!(passed.await, Code::DeadlineExceeded as i32);
    // The deadline runs out while the server waits for a body the client withholds.
    let withheld = h2_status(
        &berdaya,
        &admin,
        GET_INDICATORS,
        "300m",
        request,
        Duration::from_secs(3),
    );
    assert_eq!(withheld.await, Code::DeadlineExceeded as i32);

    // A bad token gets one generic reason, never the parser's.
    let status = berdaya
        .households("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
        .await
        .get_household(hpb::GetHouseholdRequest {
            household_id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .expect_err("bad token");
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(
        status.message(),
        "invalid bearer token: malformed, wrongly signed, expired or not yet valid"
    );
}

/// Item 6: `token issue` refuses absurd lifetimes and regions that are not Kemendagri
/// prefixes or `*` (a CRLF region made the dashboard answer 500).
#[tokio::test]
async fn token_issue_refuses_absurd_lifetimes_and_regions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _berdaya = Berdaya::up(dir.path(), &[]);
    let issue = |args: &[&str]| {
        std::process::Command::new(common::binary())
            .args(["token", "issue", "--role", "caseworker", "--data-dir"])
            .arg(dir.path())
            .args(args)
            .output()
            .expect("token issue")
    };
    let eleven_thousand_years = issue(&["--region", "35", "--ttl-hours", "100000000"]);
    assert!(!eleven_thousand_years.status.success());
    assert!(
        String::from_utf8_lossy(&eleven_thousand_years.stderr)
            .contains("--ttl-hours must be 1 to 720"),
        "{}",
        String::from_utf8_lossy(&eleven_thousand_years.stderr)
    );
    for region in ["35\r\nX-Injected: 1", "<script>", "99"] {
        let refused = issue(&["--region", region]);
        assert!(!refused.status.success(), "{region:?}");
    }
    assert!(issue(&["--region", "35.78"]).status.success());
    assert!(issue(&["--region", "*"]).status.success());
}

/// Item 8: a name of only invisible characters is empty, a bidi override in a name is
/// refused, and NUL or a newline in an idempotency key is refused, naming each field.
#[tokio::test]
async fn invisible_and_reordering_text_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;
    let member = |name: &str| hpb::NewMember {
        nik: "3578011203850001".into(),
        full_name: name.into(),
        sex: hpb::Sex::Male as i32,
        birth_date: "1985-03-12".into(),
        relationship: hpb::Relationship::Head as i32,
        phone: String::new(),
    };
    let request = |key: &str, name: &str| hpb::RegisterHouseholdRequest {
        context: context(key),
        village_code: "35.78.01.1001".into(),
        kk_number: "3578010101230001".into(),
        kk_valid_from: "2023-01-01".into(),
        address: "Jl. Kenjeran 12".into(),
        decile: 2,
        ranking_round: "2026-Q1".into(),
        members: vec![member(name)],
        ..Default::default()
    };
    let status = client
        .register_household(request("text-1", "\u{200B}\u{2060}"))
        .await
        .expect_err("invisible name");
    assert_eq!(bad_fields(&status), ["members[0].full_name"]);
    assert!(
        status.message().contains("is required"),
        "{}",
        status.message()
    );
    let status = client
        .register_household(request("text-2", "Budi \u{202E}otnaS"))
        .await
        .expect_err("bidi name");
    assert_eq!(bad_fields(&status), ["members[0].full_name"]);
    for key in ["key\u{0}1", "key\n2"] {
        let status = client
            .register_household(request(key, "Budi Santoso"))
            .await
            .expect_err("bad key");
        assert_eq!(bad_fields(&status), ["context.idempotency_key"], "{key:?}");
    }
    client
        .register_household(request("text-3", "Budi Santoso"))
        .await
        .expect("a clean name registers");
}

/// Item 10: a burst of large-but-allowed requests from one token (each ~60 KiB, just
/// within the limit, with 64 unknown indicator ids of 900 characters) leaves the health
/// check and another client answering. Bounded and on loopback; the deadlines only
/// guard against hangs (figures are for `berdaya bench --scenario burst`).
#[tokio::test]
async fn a_burst_from_one_token_leaves_health_and_others_answering() {
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::pb::health_client::HealthClient;
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let burster = berdaya.token(&["caseworker"], &["35"], "burster");
    let other = berdaya.token(&["auditor"], &["35"], "other");
    let big = rpb::GetIndicatorsRequest {
        region_prefix: "35".into(),
        from_month: this_month(),
        to_month: this_month(),
        indicators: vec!["x".repeat(900); 64],
    };
    let mut burst = Vec::new();
    for _ in 0..16 {
        let mut client = berdaya.reporting(&burster).await;
        let request = big.clone();
        burst.push(tokio::spawn(async move {
            let mut codes = Vec::new();
            for _ in 0..20 {
                let status = client
                    .get_indicators(request.clone())
                    .await
                    .expect_err("bad ids");
                codes.push(status.code());
            }
            codes
        }));
    }
    let mut health = HealthClient::new(common::connect(&berdaya.endpoint).await);
    let mut reporting = berdaya.reporting(&other).await;
    for _ in 0..10 {
        let answer = tokio::time::timeout(
            Duration::from_secs(10),
            health.check(HealthCheckRequest {
                service: String::new(),
            }),
        )
        .await
        .expect("the health check answers during the burst")
        .expect("health");
        assert_eq!(
            answer.into_inner().status(),
            tonic_health::pb::health_check_response::ServingStatus::Serving
        );
        tokio::time::timeout(
            Duration::from_secs(10),
            reporting.get_indicators(rpb::GetIndicatorsRequest {
                region_prefix: "35".into(),
                from_month: this_month(),
                to_month: this_month(),
                indicators: vec![],
            }),
        )
        .await
        .expect("another client answers during the burst")
        .expect("indicators");
    }
    for task in burst {
        for code in task.await.expect("burst task") {
            // Refused for its ids, or shed or rate-limited: never a server error.
            assert!(
                matches!(code, Code::InvalidArgument | Code::ResourceExhausted),
                "{code:?}"
            );
        }
    }
}

/// Item 10: the dashboard closes a connection that does not finish its request headers
/// in `dashboard_header_timeout_secs` (a slowloris client held it open before).
#[tokio::test]
async fn the_dashboard_closes_a_connection_that_never_finishes_its_headers() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("berdaya.toml");
    std::fs::write(&config, "dashboard_header_timeout_secs = 1\n").expect("config");
    let data = dir.path().join("data");
    let berdaya = Berdaya::up(&data, &["--config", config.to_str().expect("path")]);
    let address = berdaya.dashboard.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("partial headers");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection instead of waiting forever");
    assert!(read.is_ok() || answer.is_empty(), "{read:?}");
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}
