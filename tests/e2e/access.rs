//! The access-control matrix: every RPC of every service, read from the descriptor set,
//! called on the real binary with every role, with a token for the wrong region, and
//! with tokens that must never pass (none, expired, signed with another key, `alg:
//! none`, another issuer). Each method's expected answers per role are listed in
//! `access_matrix.txt`, so a new RPC without an entry, or an answer that changes, fails
//! the test; on top of the list, rules that hold for every method are checked on their
//! own: bad tokens are UNAUTHENTICATED, an auditor never writes, no write succeeds with
//! an empty command, and no caller reads or writes a region outside its token.
//!
//! `UPDATE_ACCESS_MATRIX=1` rewrites the file from what the server answers (review the
//! diff before committing it).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use berdaya_platform::JwtKeys;
use berdaya_platform::auth::Role;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MethodDescriptor, Value};
use tonic::Code;
use tonic::transport::Channel;
use tonic_prost::ProstCodec;

use crate::common::{self, Berdaya};

const MATRIX: &str = "tests/e2e/access_matrix.txt";
/// Methods whose region field only filters reference data every signed-in caller may
/// read (no household, person or case in them): a caseworker of 35 may list them for 33.
const REFERENCE_DATA: [&str; 1] = [
    // The local-wisdom vocabulary (values, norms, practices): shared terms and terms of
    // a region, named by officers, never about a person.
    "/berdaya.capacity.v1.LocalWisdomService/ListValueTerms",
];
const ROLES: [&str; 5] = [
    "caseworker",
    "supervisor",
    "auditor",
    "integration",
    "admin",
];

/// The business methods: every service of a `berdaya.*` package.
fn methods() -> Vec<MethodDescriptor> {
    let pool = DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET).expect("descriptors");
    let mut out: Vec<MethodDescriptor> = pool
        .services()
        .filter(|s| s.full_name().starts_with("berdaya."))
        .flat_map(|s| s.methods().collect::<Vec<_>>())
        .collect();
    out.sort_by_key(path);
    out
}

fn path(method: &MethodDescriptor) -> String {
    format!("/{}/{}", method.parent_service().full_name(), method.name())
}

/// True when the request carries a command context (the call guard's rule for writes).
fn writes(method: &MethodDescriptor) -> bool {
    method
        .input()
        .fields()
        .any(|f| matches!(f.kind(), Kind::Message(m) if m.full_name() == "berdaya.common.v1.CommandContext"))
}

/// The request with every top-level region field set to `region` (empty otherwise).
fn request_in(method: &MethodDescriptor, region: Option<&str>) -> (DynamicMessage, bool) {
    let mut message = DynamicMessage::new(method.input());
    let mut has_region = false;
    if let Some(region) = region {
        for field in method.input().fields() {
            let name = field.name();
            if matches!(field.kind(), Kind::String)
                && !field.is_list()
                && (name == "region_prefix" || name == "region_code" || name == "village_code")
            {
                let code = if name == "village_code" {
                    format!("{region}.01.01.1001")
                } else {
                    region.to_owned()
                };
                message.set_field(&field, Value::String(code));
                has_region = true;
            }
        }
    }
    (message, has_region)
}

/// Calls `method` with `request` and `token`; the answer's code (streams drained).
async fn call(
    channel: &Channel,
    method: &MethodDescriptor,
    request: DynamicMessage,
    token: Option<&str>,
) -> Code {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    if grpc.ready().await.is_err() {
        return Code::Unavailable;
    }
    let mut outbound = tonic::Request::new(tokio_stream::iter(vec![request]));
    if let Some(token) = token {
        outbound.metadata_mut().insert(
            "authorization",
            format!("Bearer {token}").parse().expect("metadata"),
        );
    }
    let path = path(method).parse().expect("path");
    // `()` decodes any answer (unknown fields are skipped): only the status matters.
    let codec: ProstCodec<DynamicMessage, ()> = ProstCodec::default();
    match grpc.streaming(outbound, path, codec).await {
        Err(status) => status.code(),
        Ok(response) => {
            let mut stream = response.into_inner();
            loop {
                match stream.message().await {
                    Ok(Some(())) => {}
                    Ok(None) => return Code::Ok,
                    Err(status) => return status.code(),
                }
            }
        }
    }
}

fn code_name(code: Code) -> String {
    format!("{code:?}")
}

/// Tokens that must never pass.
fn bad_tokens(berdaya: &Berdaya) -> Vec<(&'static str, String)> {
    let keys = std::fs::read_to_string(berdaya.data_dir.join("dev-keys.toml")).expect("dev keys");
    let keys: toml::Value = toml::from_str(&keys).expect("toml");
    let secret = keys["signing_key"]
        .as_str()
        .expect("signing_key")
        .to_owned();
    let ours = JwtKeys::new(secret.as_bytes(), "berdaya");
    let admin = [Role::Admin];
    let everywhere = ["*".to_owned()];
    let expired = ours
        .issue("expired", &admin, &everywhere, chrono::Duration::hours(-2))
        .expect("expired token");
    let other_key = JwtKeys::new(b"another-secret-another-secret-another", "berdaya")
        .issue("forger", &admin, &everywhere, chrono::Duration::hours(1))
        .expect("forged token");
    let other_issuer = JwtKeys::new(secret.as_bytes(), "somebody-else")
        .issue("stranger", &admin, &everywhere, chrono::Duration::hours(1))
        .expect("foreign token");
    // `alg: none`: the admin's claims with no signature at all.
    let claims = berdaya
        .admin_token
        .split('.')
        .nth(1)
        .expect("claims")
        .to_owned();
    let none = format!("{}.{claims}.", base64_url(br#"{"alg":"none","typ":"JWT"}"#));
    vec![
        ("expired", expired),
        ("other-key", other_key),
        ("other-issuer", other_issuer),
        ("alg-none", none),
        ("garbage", "not.a.token".to_owned()),
    ]
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn every_rpc_answers_every_role_region_and_bad_token_as_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let channel = common::connect(&berdaya.endpoint).await;
    let tokens: Vec<(&str, String)> = ROLES
        .iter()
        .map(|role| {
            (
                *role,
                berdaya.token(&[role], &["35"], &format!("matrix-{role}")),
            )
        })
        .collect();
    let bad = bad_tokens(&berdaya);
    let mut tried = 0usize;
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    let mut broken = Vec::new();
    for method in methods() {
        let path = path(&method);
        let write = writes(&method);
        // Never past the door without a valid token.
        for (name, token) in std::iter::once(("none", String::new())).chain(bad.iter().cloned()) {
            let (request, _) = request_in(&method, Some("35"));
            let token = (!token.is_empty()).then_some(token.as_str());
            let code = call(&channel, &method, request, token).await;
            tried += 1;
            if code != Code::Unauthenticated {
                broken.push(format!("{path} with token {name}: {code:?}"));
            }
        }
        let mut row = format!("{} ", if write { "write" } else { "read " });
        for (role, token) in &tokens {
            let (request, _) = request_in(&method, None);
            let code = call(&channel, &method, request, Some(token)).await;
            tried += 1;
            if write && *role == "auditor" && code != Code::PermissionDenied {
                broken.push(format!("{path}: an auditor's write answered {code:?}"));
            }
            if write && code == Code::Ok {
                broken.push(format!("{path}: {role}'s empty command succeeded"));
            }
            let _ = write!(row, " {role}={}", code_name(code));
        }
        // A caseworker of 35 asking about 33 (only methods that name a region).
        let caseworker = &tokens[0].1;
        let (request, has_region) = request_in(&method, Some("33"));
        if has_region {
            let code = call(&channel, &method, request, Some(caseworker)).await;
            tried += 1;
            if code == Code::Ok && !REFERENCE_DATA.contains(&path.as_str()) {
                broken.push(format!("{path}: a caseworker of 35 was answered about 33"));
            }
            let _ = write!(row, " other-region={}", code_name(code));
        }
        rows.insert(path, row);
    }
    assert!(
        broken.is_empty(),
        "access rules broken:\n{}",
        broken.join("\n")
    );

    let mut text = String::from(
        "# The access-control matrix (tests/e2e/access.rs): per RPC, whether it writes, the\n\
         # answer to an empty request from each role of region 35, and to a caseworker of 35\n\
         # naming region 33. Regenerate with UPDATE_ACCESS_MATRIX=1 and review the diff.\n",
    );
    for (path, row) in &rows {
        let _ = writeln!(text, "{path} {row}");
    }
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(MATRIX);
    if std::env::var_os("UPDATE_ACCESS_MATRIX").is_some() {
        std::fs::write(&file, &text).expect("write the matrix");
    }
    let listed = std::fs::read_to_string(&file).expect("tests/e2e/access_matrix.txt");
    let listed: BTreeMap<&str, &str> = listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(' '))
        .collect();
    let mut differences = Vec::new();
    for (path, row) in &rows {
        match listed.get(path.as_str()) {
            None => differences.push(format!("{path}: no entry (a new RPC?)")),
            Some(expected) if expected.trim() != row.trim() => {
                differences.push(format!(
                    "{path}:\n  listed   {}\n  answered {}",
                    expected.trim(),
                    row.trim()
                ));
            }
            Some(_) => {}
        }
    }
    for path in listed.keys() {
        if !rows.contains_key(*path) {
            differences.push(format!("{path}: listed but not served"));
        }
    }
    println!(
        "access matrix: {} methods, {tried} calls, {} differences",
        rows.len(),
        differences.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
