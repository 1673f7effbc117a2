//! HTTP/JSON: every RPC as `POST /v1/<service>/<method>` with proto3 JSON on the real
//! binary, with the same auth, errors and rate limit as gRPC, and an OpenAPI document
//! that a maintained validator accepts.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use tonic_types::StatusExt;

use crate::common::Berdaya;

const HOUSEHOLDS: &str = "berdaya.households.v1.HouseholdsService";

/// A household of two in Kota Surabaya with the id `id`.
fn registration(key: &str, id: &str, head_nik: &str) -> Value {
    json!({
        "context": {"idempotencyKey": key},
        "householdId": id,
        "villageCode": "35.78.01.1001",
        "kkNumber": "3578010101230007",
        "kkValidFrom": "2023-01-01",
        "address": "Jl. Kenjeran 40",
        "decile": 3,
        "rankingRound": "2026-Q1",
        "members": [
            {"nik": head_nik, "fullName": "Joko Widodo", "sex": "SEX_MALE",
             "birthDate": "1990-06-15", "relationship": "RELATIONSHIP_HEAD"},
            {"nik": "3578015708920002", "fullName": "Sri Rahayu", "sex": "SEX_FEMALE",
             "birthDate": "1992-08-17", "relationship": "RELATIONSHIP_SPOUSE"},
        ],
    })
}

/// The answer of one call: HTTP status, `Retry-After`, and the JSON body.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Value,
}

/// Calls `service`/`method` on `berdaya`'s HTTP/JSON API with `body` (raw) and `token`.
async fn call_raw(
    berdaya: &Berdaya,
    token: Option<&str>,
    service: &str,
    method: &str,
    body: String,
) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}/v1/{service}/{method}", berdaya.http))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.expect("HTTP/JSON call");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Answer {
        status,
        retry_after,
        body,
    }
}

async fn call(berdaya: &Berdaya, token: Option<&str>, method: &str, body: &Value) -> Answer {
    call_raw(berdaya, token, HOUSEHOLDS, method, body.to_string()).await
}

/// The fields the refusal's `BadRequest` names.
fn violated_fields(answer: &Answer) -> Vec<String> {
    answer.body["details"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["fieldViolations"].as_array().cloned().unwrap_or_default())
        .map(|v| v["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_household_registered_over_http_json_reads_back_with_the_same_auth() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(&dir.path().join("data"), &[]);
    let token = berdaya.admin_token.clone();
    let id = "0192f6a0-1111-7000-8000-000000000001";

    let registered = call(
        &berdaya,
        Some(&token),
        "RegisterHousehold",
        &registration("http-1", id, "3578011506900001"),
    )
    .await;
    assert_eq!(registered.status, 200, "{}", registered.body);
    assert_eq!(registered.body["household"]["householdId"], id);

    let read = call(
        &berdaya,
        Some(&token),
        "GetHousehold",
        &json!({"householdId": id}),
    )
    .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["villageCode"], "35.78.01.1001");
    assert_eq!(read.body["decile"], 3);
    assert_eq!(read.body["members"].as_array().unwrap().len(), 2);
    assert_eq!(read.body["members"][0]["relationship"], "RELATIONSHIP_HEAD");

    // A server-streaming RPC answers an array of its messages.
    let history = call(
        &berdaya,
        Some(&token),
        "StreamHouseholdHistory",
        &json!({"householdId": id}),
    )
    .await;
    assert_eq!(history.status, 200, "{}", history.body);
    assert_eq!(
        history.body.as_array().unwrap().len(),
        1,
        "{}",
        history.body
    );

    // No token: 401, as over gRPC.
    let anonymous = call(&berdaya, None, "GetHousehold", &json!({"householdId": id})).await;
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    assert_eq!(anonymous.body["code"], "UNAUTHENTICATED");

    // A caseworker of Semarang (33.74) writing in Surabaya: 403 naming the village.
    let semarang = berdaya.token(&["caseworker"], &["33.74"], "cw-semarang");
    let outside = call(
        &berdaya,
        Some(&semarang),
        "RegisterHousehold",
        &registration(
            "http-2",
            "0192f6a0-1111-7000-8000-000000000002",
            "3578011506900003",
        ),
    )
    .await;
    assert_eq!(outside.status, 403, "{}", outside.body);
    assert_eq!(outside.body["code"], "PERMISSION_DENIED");
    assert!(
        outside.body["message"]
            .as_str()
            .unwrap()
            .contains("village_code"),
        "{}",
        outside.body
    );

    // A method this process does not have.
    let unknown = call_raw(&berdaya, Some(&token), HOUSEHOLDS, "Nope", "{}".into()).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(&dir.path().join("data"), &[]);
    let token = berdaya.admin_token.clone();
    let id = "0192f6a0-2222-7000-8000-000000000001";

    let bad_nik = call(
        &berdaya,
        Some(&token),
        "RegisterHousehold",
        &registration("bad-1", id, "35780115069"),
    )
    .await;
    assert_eq!(bad_nik.status, 400, "{}", bad_nik.body);
    assert_eq!(bad_nik.body["code"], "INVALID_ARGUMENT");
    assert_eq!(
        violated_fields(&bad_nik),
        ["members[0].nik"],
        "{}",
        bad_nik.body
    );
    assert!(!bad_nik.body.to_string().contains("35780115069"));

    let mut unknown_field = registration("bad-2", id, "3578011506900001");
    unknown_field["villageKode"] = json!("35.78.01.1001");
    let refused = call(&berdaya, Some(&token), "RegisterHousehold", &unknown_field).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(violated_fields(&refused), ["villageKode"]);

    let malformed = call_raw(
        &berdaya,
        Some(&token),
        HOUSEHOLDS,
        "RegisterHousehold",
        r#"{"householdId": "#.into(),
    )
    .await;
    assert_eq!(malformed.status, 400, "{}", malformed.body);
    assert_eq!(violated_fields(&malformed), ["body"]);

    // Nothing was recorded: the household is unknown, and the city has none.
    let read = call(
        &berdaya,
        Some(&token),
        "GetHousehold",
        &json!({"householdId": id}),
    )
    .await;
    assert_eq!(read.status, 404, "{}", read.body);
    let listed = call(
        &berdaya,
        Some(&token),
        "ListHouseholds",
        &json!({"regionPrefix": "35.78", "page": {"pageSize": 20}}),
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(
        listed
            .body
            .get("households")
            .is_none_or(|h| h == &json!([])),
        "{}",
        listed.body
    );
}

#[tokio::test]
async fn over_the_rate_of_its_token_a_client_gets_429_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("berdaya.toml");
    std::fs::write(&config, "[grpc]\ncalls_per_second = 1\ncall_burst = 3\n").unwrap();
    let berdaya = Berdaya::up(
        &dir.path().join("data"),
        &["--config", config.to_str().unwrap()],
    );
    let agency = berdaya.token(&["caseworker"], &["35.78"], "agency-a");
    let other = berdaya.token(&["caseworker"], &["35.78"], "agency-b");
    let list = json!({"regionPrefix": "35.78", "page": {"pageSize": 5}});

    // The burst of 3, then the fourth at once is over the rate.
    for n in 0..3 {
        let answer = call(&berdaya, Some(&agency), "ListHouseholds", &list).await;
        assert_eq!(answer.status, 200, "call {n}: {}", answer.body);
    }
    let over = call(&berdaya, Some(&agency), "ListHouseholds", &list).await;
    assert_eq!(over.status, 429, "{}", over.body);
    assert_eq!(over.body["code"], "RESOURCE_EXHAUSTED");
    assert_eq!(over.retry_after.as_deref(), Some("1"));
    // The same limiter as over gRPC: the token is over its rate there too, with the
    // retry hint the HTTP answer was made from.
    let mut grpc = berdaya.households(&agency).await;
    let status = grpc
        .list_households(
            berdaya_proto::berdaya::households::v1::ListHouseholdsRequest {
                region_prefix: "35.78".into(),
                page: None,
            },
        )
        .await
        .expect_err("over the rate over gRPC too");
    assert_eq!(status.code(), tonic::Code::ResourceExhausted, "{status:?}");
    let delay = status
        .get_details_retry_info()
        .and_then(|info| info.retry_delay)
        .expect("a RetryInfo hint");
    assert!(delay <= Duration::from_secs(1), "{delay:?}");
    // Per client: another token still has its own burst.
    let answer = call(&berdaya, Some(&other), "ListHouseholds", &list).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    // After the hint, the first client may call again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = call(&berdaya, Some(&agency), "ListHouseholds", &list).await;
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn the_openapi_document_passes_openapi_spec_validator() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(&dir.path().join("data"), &[]);
    let text = reqwest::get(format!("{}/openapi.json", berdaya.http))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let register = &document["paths"][format!("/v1/{HOUSEHOLDS}/RegisterHousehold")]["post"];
    assert!(register["requestBody"].is_object(), "{register}");
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every context of `berdaya up` is there.
    for service in [
        "berdaya.enterprise.v1.EnterpriseService",
        "berdaya.reporting.v1.ReportingService",
    ] {
        assert!(
            text.contains(&format!("\"/v1/{service}/")),
            "{service} missing"
        );
    }

    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &text).unwrap();
    let validated = Command::new("openapi-spec-validator")
        .arg(&file)
        .output()
        .expect(
            "openapi-spec-validator is not on PATH: scripts/services.sh installs it \
             (pip install openapi-spec-validator)",
        );
    assert!(
        validated.status.success(),
        "openapi-spec-validator refused the document:\n{}\n{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );
}

#[tokio::test]
async fn berdaya_serve_offers_its_own_services_over_http_json() {
    let url = crate::common::fresh_database();
    let http_port = crate::common::free_port();
    let settings = [
        ("BERDAYA_NATS__RELAY__ENABLED", "false".to_owned()),
        ("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()),
        ("BERDAYA_HTTP_ADDR", format!("127.0.0.1:{http_port}")),
    ];
    let mut berdaya = Berdaya::serve_households_with(&url, crate::common::free_port(), &settings);
    berdaya.http = format!("http://127.0.0.1:{http_port}");
    // The process migrates PostgreSQL before it listens.
    let mut document = None;
    for _ in 0..300 {
        if let Ok(response) = reqwest::get(format!("{}/openapi.json", berdaya.http)).await {
            document = Some(response.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let document = document.expect("HTTP/JSON listening within 30 s");
    assert!(document.contains(&format!("\"/v1/{HOUSEHOLDS}/RegisterHousehold\"")));
    // Only this process's services: the enterprise context runs elsewhere.
    assert!(!document.contains("berdaya.enterprise.v1.EnterpriseService"));

    let token = berdaya.admin_token.clone();
    let id = "0192f6a0-3333-7000-8000-000000000001";
    let registered = call(
        &berdaya,
        Some(&token),
        "RegisterHousehold",
        &registration("serve-1", id, "3578011506900001"),
    )
    .await;
    assert_eq!(registered.status, 200, "{}", registered.body);
    let read = call(
        &berdaya,
        Some(&token),
        "GetHousehold",
        &json!({"householdId": id}),
    )
    .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["householdId"], id);
}
