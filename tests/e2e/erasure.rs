//! End-to-end: erasure erases (issue 9). A household is registered with distinctive
//! personal data, lives a little (decile, new KK, a move, a member leaving with a note,
//! savings), reaches the enterprise view and the reporting projection, and is erased.
//! Then every byte the product stores or serves is scanned for that data: every file of
//! every SQLite store (`berdaya up`), every table of every PostgreSQL database and every
//! message of the JetStream stream (`berdaya serve`), and every line the processes
//! logged, at debug level. Nothing may be found. A control value that is not personal
//! data (the savings institution's name) must be found, so a scan that reads nothing
//! cannot pass.
//!
//! Replayed idempotency keys answer with the personal fields erased; the hash chain
//! still verifies and every event still decodes.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use berdaya_proto::berdaya::enterprise::v1 as epb;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::reporting::v1 as rpb;
use common::cluster::{Deployment, TIMEOUT};
use common::fixtures::context;
use common::{Berdaya, free_port, fresh_database, this_month};
use tonic::Code;

const HEAD_NAME: &str = "Zubaidin Wirokusumo";
const HEAD_NIK: &str = "3578011203850777";
const SPOUSE_NAME: &str = "Kartini Prawiradirja";
const SPOUSE_NIK: &str = "3578015506880778";
const KK: &str = "3578010101230777";
const NEW_KK: &str = "3578010202260778";
const ADDRESS: &str = "Gang Zamrud Biru 77 RT 07 RW 07";
const NEW_ADDRESS: &str = "Jalan Zirkon Ungu 9 RT 01 RW 09";
const HOUSEHOLD_PHONE: &str = "+6281299887766";
const SPOUSE_PHONE: &str = "081377665544";
const NOTE: &str = "akta cerai 77/ZB/2026 Pengadilan Agama";

/// Everything that must be unreadable after the erasure.
const PERSONAL: [&str; 11] = [
    HEAD_NAME,
    HEAD_NIK,
    SPOUSE_NAME,
    SPOUSE_NIK,
    KK,
    NEW_KK,
    ADDRESS,
    NEW_ADDRESS,
    HOUSEHOLD_PHONE,
    SPOUSE_PHONE,
    NOTE,
];

/// Not personal data, stored in clear: the scans must find it.
const CONTROL: &str = "Bank Kontrol Zamrud";

fn registration() -> pb::RegisterHouseholdRequest {
    let member = |nik: &str, name: &str, sex: pb::Sex, birth: &str, relationship, phone: &str| {
        pb::NewMember {
            nik: nik.into(),
            full_name: name.into(),
            sex: sex as i32,
            birth_date: birth.into(),
            relationship: relationship as i32,
            phone: phone.into(),
        }
    };
    pb::RegisterHouseholdRequest {
        context: context("erase-r1"),
        household_id: String::new(),
        village_code: "35.78.01.1001".into(),
        kk_number: KK.into(),
        kk_valid_from: "2023-01-01".into(),
        address: ADDRESS.into(),
        phone: HOUSEHOLD_PHONE.into(),
        decile: 2,
        ranking_round: "2026-Q1".into(),
        members: vec![
            member(
                HEAD_NIK,
                HEAD_NAME,
                pb::Sex::Male,
                "1985-03-12",
                pb::Relationship::Head,
                "",
            ),
            member(
                SPOUSE_NIK,
                SPOUSE_NAME,
                pb::Sex::Female,
                "1988-06-15",
                pb::Relationship::Spouse,
                SPOUSE_PHONE,
            ),
        ],
    }
}

fn update_decile(id: &str) -> pb::UpdateDecileRequest {
    pb::UpdateDecileRequest {
        context: context("erase-r2"),
        household_id: id.into(),
        decile: 3,
        ranking_round: "2026-Q2".into(),
    }
}

/// The clients of one deployment: households, savings and the erasure go to `households`;
/// the enterprise view and the projection may live in other processes.
struct Sites<'a> {
    households: &'a Berdaya,
    enterprise: &'a Berdaya,
    reporting: &'a Berdaya,
}

/// Records the household's life, waits until the other contexts know it, erases it, and
/// checks what the API answers afterwards. Returns the household id.
async fn live_and_erase(sites: &Sites<'_>) -> String {
    let admin = &sites.households.admin_token;
    let mut households = sites.households.households(admin).await;
    let registered = households
        .register_household(registration())
        .await
        .expect("register")
        .into_inner()
        .household
        .expect("household");
    let id = registered.household_id.clone();
    let spouse = registered.members[1].member_id.clone();
    households
        .update_decile(update_decile(&id))
        .await
        .expect("decile");
    households
        .change_kk_number(pb::ChangeKkNumberRequest {
            context: context("erase-r3"),
            household_id: id.clone(),
            kk_number: NEW_KK.into(),
            valid_from: "2026-02-02".into(),
            reason: "kartu baru".into(),
        })
        .await
        .expect("new kk");
    households
        .move_household(pb::MoveHouseholdRequest {
            context: context("erase-r4"),
            household_id: id.clone(),
            to_village_code: "35.78.02.1002".into(),
            address: NEW_ADDRESS.into(),
            moved_on: "2026-03-01".into(),
        })
        .await
        .expect("move");
    households
        .remove_member(pb::RemoveMemberRequest {
            context: context("erase-r5"),
            household_id: id.clone(),
            member_id: spouse,
            reason: pb::RemovalReason::Split as i32,
            effective_date: "2026-03-10".into(),
            note: NOTE.into(),
            new_head_member_id: String::new(),
        })
        .await
        .expect("remove the spouse");
    let mut savings = sites.households.savings(admin).await;
    let account = savings
        .open_savings_account(pb::OpenSavingsAccountRequest {
            context: context("erase-r6"),
            account_id: String::new(),
            household_id: id.clone(),
            member_id: String::new(),
            institution_kind: pb::InstitutionKind::Bank as i32,
            institution_name: CONTROL.into(),
            opened_on: "2026-03-02".into(),
        })
        .await
        .expect("open")
        .into_inner()
        .account
        .expect("account")
        .account_id;
    savings
        .deposit(pb::DepositRequest {
            context: context("erase-r7"),
            account_id: account,
            amount: 50_000,
            channel: pb::SavingsChannel::Cash as i32,
            reference: String::new(),
            deposited_on: "2026-03-05".into(),
        })
        .await
        .expect("deposit");
    wait_enterprise(sites.enterprise, &id, true).await;
    wait_active(sites.reporting, 1).await;

    let erased = households
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-r8"),
            household_id: id.clone(),
            member_id: String::new(),
            reason: "permintaan subjek data (UU PDP)".into(),
        })
        .await
        .expect("erase")
        .into_inner()
        .household
        .expect("household");
    assert_erased(&erased);
    assert_eq!(
        erased.status,
        pb::HouseholdStatus::Closed as i32,
        "{erased:?}"
    );

    // Retries of earlier commands answer as they did, with the personal data erased.
    let replayed = households
        .register_household(registration())
        .await
        .expect("replay the registration")
        .into_inner();
    assert_eq!(
        replayed.household.as_ref().expect("household").household_id,
        id
    );
    assert_eq!(replayed.event_ids, registered_event_ids(&replayed));
    assert_erased(replayed.household.as_ref().expect("household"));
    let replayed = households
        .update_decile(update_decile(&id))
        .await
        .expect("replay the decile update")
        .into_inner()
        .household
        .expect("household");
    assert_erased(&replayed);
    assert_eq!(replayed.decile, 3, "the answer is the one of its time");

    // The same NIK may be registered again: nothing identifies the erased people now.
    let mut again = registration();
    again.context = context("erase-again");
    again.members.truncate(1);
    again.address = "Jl. Lain 1".into();
    again.phone = String::new();
    again.kk_number = "3578010303260001".into();
    let status = households.register_household(again).await;
    assert!(status.is_ok(), "{status:?}");
    households
        .close_household(pb::CloseHouseholdRequest {
            context: context("erase-again-close"),
            household_id: status
                .expect("new")
                .into_inner()
                .household
                .expect("h")
                .household_id,
            reason: "uji".into(),
            closed_on: "2026-03-20".into(),
        })
        .await
        .expect("close the second registration");

    // The history is whole, decodes, and its chain verifies.
    let got = households
        .get_household(pb::GetHouseholdRequest {
            household_id: id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert_erased(&got);
    let mut history = households
        .stream_household_history(pb::StreamHouseholdHistoryRequest {
            household_id: id.clone(),
        })
        .await
        .expect("history")
        .into_inner();
    let mut events = 0;
    while let Some(event) = history.message().await.expect("history item") {
        assert!(!event.event_type.is_empty());
        events += 1;
    }
    let verified = households
        .verify_household_history(pb::VerifyHouseholdHistoryRequest {
            household_id: id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact, "{verified:?}");
    assert_eq!(verified.events, events);
    assert_eq!(
        events, 7,
        "registered, decile, kk, moved, member removed, closed, erased: nothing lost"
    );

    wait_enterprise(sites.enterprise, &id, false).await;
    wait_active(sites.reporting, 0).await;
    id
}

/// The event ids a replayed registration answers with are those of its first answer:
/// one event, the registration.
fn registered_event_ids(response: &pb::HouseholdResponse) -> Vec<String> {
    assert_eq!(response.event_ids.len(), 1, "{response:?}");
    response.event_ids.clone()
}

fn assert_erased(household: &pb::Household) {
    assert!(household.address.is_empty(), "{household:?}");
    assert!(household.phone.is_empty(), "{household:?}");
    assert!(household.kk_number.is_empty(), "{household:?}");
    assert!(
        household.kk_history.iter().all(|k| k.kk_number.is_empty()),
        "{household:?}"
    );
    for member in &household.members {
        assert!(member.personal_data_erased, "{member:?}");
        assert!(
            member.full_name.is_empty() && member.nik.is_empty(),
            "{member:?}"
        );
        assert!(
            member.phone.is_empty() && member.birth_date.is_empty(),
            "{member:?}"
        );
    }
}

/// Waits until the enterprise view knows the household as `active` (or closed).
async fn wait_enterprise(enterprise: &Berdaya, id: &str, active: bool) {
    let mut client = enterprise.enterprise(&enterprise.admin_token).await;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let standing = client
            .get_household_standing(epb::GetHouseholdStandingRequest {
                household_id: id.into(),
            })
            .await;
        match standing {
            Ok(standing) if standing.get_ref().active == active => return,
            Ok(_) => {}
            Err(status) if status.code() == Code::NotFound => {}
            Err(status) => panic!("enterprise: {status:?}"),
        }
        assert!(
            Instant::now() < deadline,
            "the enterprise view never showed household {id} active={active}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the projection counts `expected` active households in the province.
async fn wait_active(reporting: &Berdaya, expected: i64) {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = None;
    loop {
        let asked = async {
            let mut client = reporting.reporting(&reporting.admin_token).await;
            client
                .get_indicators(rpb::GetIndicatorsRequest {
                    region_prefix: "35".into(),
                    from_month: this_month(),
                    to_month: this_month(),
                    indicators: vec!["registry.households_active".into()],
                })
                .await
        };
        if let Ok(Ok(answer)) = tokio::time::timeout(Duration::from_secs(5), asked).await {
            let value: i64 = answer
                .get_ref()
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.value))
                .sum();
            last = Some(value);
            if value == expected {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the projection shows {last:?} active households, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Lets the runtime close the connections of the clients just dropped, so that a
/// graceful stop (which waits for open connections) need not wait for its deadline.
async fn let_clients_go() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Where in `haystack` (named `place`) any of the personal values appears, as text or
/// as the lowercase hex that PostgreSQL prints bytea in.
fn leaks(place: &str, haystack: &[u8]) -> Vec<String> {
    PERSONAL
        .iter()
        .filter(|needle| {
            contains(haystack, needle.as_bytes())
                || contains(haystack, hex::encode(needle).as_bytes())
        })
        .map(|needle| format!("{needle:?} in {place}"))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn has_control(haystack: &[u8]) -> bool {
    contains(haystack, CONTROL.as_bytes()) || contains(haystack, hex::encode(CONTROL).as_bytes())
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn scan_logs(logs: &[&Path]) -> Vec<String> {
    let mut hits = Vec::new();
    for log in logs {
        let text = std::fs::read(log).expect("read log");
        assert!(
            !text.is_empty(),
            "{} logged nothing at debug level",
            log.display()
        );
        hits.extend(leaks(&log.display().to_string(), &text));
    }
    hits
}

#[tokio::test]
async fn erasure_leaves_nothing_readable_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let log = dir.path().join("berdaya.log");
    let mut berdaya = Berdaya::up_logged(&data, &[], Some(&log));
    let sites = Sites {
        households: &berdaya,
        enterprise: &berdaya,
        reporting: &berdaya,
    };
    live_and_erase(&sites).await;
    let_clients_go().await;
    // Metrics, logs and (below) stores: no personal field, key or token in any of them.
    let metrics = reqwest::get(format!("http://{}/metrics", berdaya.metrics))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    assert!(metrics.contains("berdaya_build_info"), "metrics were read");
    let secrets = secrets_of(&berdaya);
    berdaya
        .terminate(Duration::from_secs(20))
        .expect("stopped on SIGTERM");
    let log_text = std::fs::read_to_string(&log).expect("read log");
    for (what, secret) in &secrets {
        assert!(
            !log_text.contains(secret.as_str()),
            "the {what} is in the log"
        );
        assert!(
            !metrics.contains(secret.as_str()),
            "the {what} is in the metrics"
        );
    }

    let mut hits = Vec::new();
    let mut control = false;
    let stores = files(&data);
    assert!(
        stores
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "db"))
            .count()
            >= 3,
        "households, enterprise and reporting stores: {stores:?}"
    );
    for file in &stores {
        let bytes = std::fs::read(file).expect("read store file");
        control |= has_control(&bytes);
        hits.extend(leaks(&file.display().to_string(), &bytes));
    }
    hits.extend(scan_logs(&[&log]));
    hits.extend(leaks("the metrics", metrics.as_bytes()));
    assert!(
        control,
        "the scan found the control value nowhere: it read nothing"
    );
    assert!(
        hits.is_empty(),
        "personal data survived the erasure: {hits:#?}"
    );
}

/// The process's keys (from its development key file) and its admin token: none may
/// reach a log or the metrics.
fn secrets_of(berdaya: &Berdaya) -> Vec<(String, String)> {
    let keys = std::fs::read_to_string(berdaya.data_dir.join("dev-keys.toml")).expect("dev keys");
    let keys: toml::Value = toml::from_str(&keys).expect("dev keys are TOML");
    let mut secrets: Vec<(String, String)> = keys
        .as_table()
        .expect("a table")
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
        .filter(|(_, value)| value.len() >= 16)
        .collect();
    assert!(
        secrets.len() >= 3,
        "signing, master and blind-index keys: {secrets:?}"
    );
    secrets.push(("admin token".to_owned(), berdaya.admin_token.clone()));
    // A token's signature alone is secret enough to look for.
    let signature = berdaya
        .admin_token
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_owned();
    secrets.push(("admin token's signature".to_owned(), signature));
    secrets
}

/// Every table of a PostgreSQL database, as `COPY ... TO STDOUT` prints it.
fn dump_database(url: &str) -> Vec<(String, Vec<u8>)> {
    let psql = |sql: &str| {
        let output = std::process::Command::new("psql")
            .arg(url)
            .args(["-X", "-At", "-c", sql])
            .output()
            .expect("psql");
        assert!(output.status.success(), "{sql}: {output:?}");
        output.stdout
    };
    let tables = String::from_utf8(psql(
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables \
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    ))
    .expect("table names");
    let tables: Vec<&str> = tables.lines().filter(|t| !t.is_empty()).collect();
    assert!(tables.len() >= 3, "{url}: {tables:?}");
    tables
        .iter()
        .map(|table| {
            let rows = psql(&format!("COPY (SELECT * FROM {table}) TO STDOUT"));
            (format!("{url} {table}"), rows)
        })
        .collect()
}

/// Every message of the deployment's stream: subject, headers and payload.
async fn dump_stream(deployment: &Deployment) -> Vec<(String, Vec<u8>)> {
    let client = async_nats::connect(deployment.nats.url())
        .await
        .expect("nats");
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream(&deployment.stream).await.expect("stream");
    let state = stream.info().await.expect("stream info").state.clone();
    assert!(state.messages >= 10, "{state:?}");
    let mut messages = Vec::new();
    for sequence in state.first_sequence..=state.last_sequence {
        let message = stream.get_raw_message(sequence).await.expect("message");
        let mut bytes = message.subject.as_bytes().to_vec();
        for (name, values) in message.headers.iter() {
            bytes.extend(name.to_string().into_bytes());
            for value in values {
                bytes.extend(value.as_str().as_bytes());
            }
        }
        bytes.extend(&message.payload[..]);
        messages.push((format!("stream message {sequence}"), bytes));
    }
    messages
}

#[tokio::test]
async fn erasure_leaves_nothing_readable_in_the_distributed_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deployment = Deployment::new();
    let databases = [
        deployment.database.clone(),
        fresh_database(),
        fresh_database(),
    ];
    let logs: Vec<PathBuf> = ["households", "enterprise", "reporting"]
        .iter()
        .map(|name| dir.path().join(format!("{name}.log")))
        .collect();
    let serve = |service: &str, database: &str, log: &Path| {
        let mut settings = deployment.nats_settings();
        settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{}", free_port())));
        settings.push(("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()));
        Berdaya::serve_service_logged(service, database, free_port(), &settings, Some(log))
    };
    let mut households = serve("households", &databases[0], &logs[0]);
    let mut enterprise = serve("enterprise", &databases[1], &logs[1]);
    let mut reporting = serve("reporting", &databases[2], &logs[2]);
    let sites = Sites {
        households: &households,
        enterprise: &enterprise,
        reporting: &reporting,
    };
    live_and_erase(&sites).await;
    let_clients_go().await;
    for process in [&mut households, &mut enterprise, &mut reporting] {
        process
            .terminate(Duration::from_secs(20))
            .expect("stopped on SIGTERM");
    }

    let mut hits = Vec::new();
    let mut control = false;
    let mut scanned = databases
        .iter()
        .flat_map(|url| dump_database(url))
        .collect::<Vec<_>>();
    scanned.extend(dump_stream(&deployment).await);
    for (place, bytes) in &scanned {
        control |= has_control(bytes);
        hits.extend(leaks(place, bytes));
    }
    let logs: Vec<&Path> = logs.iter().map(PathBuf::as_path).collect();
    hits.extend(scan_logs(&logs));
    assert!(
        control,
        "the scan found the control value nowhere: it read nothing"
    );
    assert!(
        hits.is_empty(),
        "personal data survived the erasure: {hits:#?}"
    );
}
