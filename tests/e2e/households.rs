//! End-to-end: the real `berdaya` binary over gRPC, as a caseworker or integrator would
//! use it, on the embedded default (SQLite) and on PostgreSQL.

use crate::common;

use berdaya_proto::berdaya::common::v1::PageRequest;
use berdaya_proto::berdaya::households::v1 as pb;
use common::Berdaya;
use common::fixtures::{bad_fields, context};
use tonic::Code;

fn member(
    nik: &str,
    name: &str,
    sex: pb::Sex,
    birth: &str,
    relationship: pb::Relationship,
) -> pb::NewMember {
    pb::NewMember {
        nik: nik.to_owned(),
        full_name: name.to_owned(),
        sex: sex as i32,
        birth_date: birth.to_owned(),
        relationship: relationship as i32,
        phone: String::new(),
    }
}

/// A valid registration in Kelurahan Karang Pilang, Kota Surabaya.
fn registration(key: &str) -> pb::RegisterHouseholdRequest {
    pb::RegisterHouseholdRequest {
        context: context(key),
        village_code: "35.78.01.1001".to_owned(),
        kk_number: "3578010101230001".to_owned(),
        kk_valid_from: "2023-01-01".to_owned(),
        address: "Jl. Kenjeran 12 RT 03 RW 04".to_owned(),
        phone: "081234567890".to_owned(),
        decile: 2,
        ranking_round: "2026-Q1".to_owned(),
        members: vec![
            member(
                "3578011203850001",
                "Budi Santoso",
                pb::Sex::Male,
                "1985-03-12",
                pb::Relationship::Head,
            ),
            member(
                "3578015506880002",
                "Siti Aminah",
                pb::Sex::Female,
                "1988-06-15",
                pb::Relationship::Spouse,
            ),
            member(
                "3578010102220003",
                "Adi Santoso",
                pb::Sex::Male,
                "2022-02-01",
                pb::Relationship::Child,
            ),
        ],
        household_id: String::new(),
    }
}

async fn household_count(berdaya: &Berdaya, prefix: &str) -> usize {
    let mut client = berdaya.households(&berdaya.admin_token).await;
    client
        .list_households(pb::ListHouseholdsRequest {
            region_prefix: prefix.to_owned(),
            page: Some(PageRequest {
                page_size: 500,
                page_token: String::new(),
            }),
        })
        .await
        .expect("list")
        .into_inner()
        .households
        .len()
}

/// Registers, reads, lists, streams and verifies a household: the README walk-through.
async fn register_read_list(berdaya: &Berdaya) {
    let mut client = berdaya.households(&berdaya.admin_token).await;
    let registered = client
        .register_household(registration("walkthrough-1"))
        .await
        .expect("register")
        .into_inner();
    let household = registered.household.expect("household");
    assert_eq!(household.version, 1);
    assert_eq!(household.members.len(), 3);
    assert_eq!(
        household.village_name, "Karang Pilang",
        "village name comes from the reference data"
    );

    let got = client
        .get_household(pb::GetHouseholdRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(got.members[0].full_name, "Budi Santoso");
    assert_eq!(got.members[0].nik, "3578011203850001");
    assert_eq!(got.address, "Jl. Kenjeran 12 RT 03 RW 04");

    let listed = client
        .list_households(pb::ListHouseholdsRequest {
            region_prefix: "35.78".to_owned(),
            page: None,
        })
        .await
        .expect("list")
        .into_inner();
    assert!(
        listed
            .households
            .iter()
            .any(|h| h.household_id == household.household_id)
    );
    let elsewhere = client
        .list_households(pb::ListHouseholdsRequest {
            region_prefix: "33.73".to_owned(),
            page: None,
        })
        .await
        .expect("list elsewhere")
        .into_inner();
    assert!(elsewhere.households.is_empty());

    // Enrol in PKH: the toddler's component counts.
    let toddler = got.members[2].member_id.clone();
    let enrolled = client
        .enrol_programme(pb::EnrolProgrammeRequest {
            context: context("walkthrough-2"),
            household_id: household.household_id.clone(),
            programme: pb::Programme::Pkh as i32,
            enrolled_on: "2026-02-01".to_owned(),
            components: vec![pb::PkhComponentClaim {
                member_id: toddler,
                component: pb::PkhComponent::Child06 as i32,
            }],
        })
        .await
        .expect("enrol")
        .into_inner()
        .household
        .expect("household");
    assert_eq!(enrolled.enrolments[0].annual_entitlement, 3_000_000);

    let mut history = client
        .stream_household_history(pb::StreamHouseholdHistoryRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .expect("history")
        .into_inner();
    let mut events = Vec::new();
    while let Some(event) = history.message().await.expect("history item") {
        events.push(event);
    }
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].event_type,
        "berdaya.households.v1.HouseholdRegistered"
    );
    assert_eq!(
        events[0].metadata.as_ref().expect("metadata").actor,
        "admin"
    );
    assert_eq!(
        events[1].prev_hash, events[0].hash,
        "each event chains to the previous one"
    );
    let verified = client
        .verify_household_history(pb::VerifyHouseholdHistoryRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
    assert_eq!(verified.events, 2);
}

#[tokio::test]
async fn a_household_is_registered_read_and_listed_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    register_read_list(&berdaya).await;
}

#[tokio::test]
async fn a_household_is_registered_read_and_listed_on_postgresql() {
    let url = common::fresh_database();
    let berdaya = Berdaya::serve_households(&url);
    register_read_list(&berdaya).await;
}

#[tokio::test]
async fn bad_input_gets_the_right_code_and_field_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;

    let cases: Vec<(&str, pb::RegisterHouseholdRequest, &str)> = vec![
        (
            "malformed NIK",
            {
                let mut r = registration("bad-1");
                r.members[0].nik = "35780112038500".into();
                r
            },
            "members[0].nik",
        ),
        (
            "NIK not matching sex",
            {
                let mut r = registration("bad-2");
                r.members[1].nik = "3578011506880002".into();
                r
            },
            "members[1].nik",
        ),
        (
            "unknown region",
            {
                let mut r = registration("bad-3");
                r.village_code = "35.78.99.9999".into();
                r
            },
            "village_code",
        ),
        (
            "malformed region",
            {
                let mut r = registration("bad-4");
                r.village_code = "3578011001".into();
                r
            },
            "village_code",
        ),
        (
            "negative decile",
            {
                let mut r = registration("bad-5");
                r.decile = -3;
                r
            },
            "decile",
        ),
        (
            "oversized name",
            {
                let mut r = registration("bad-6");
                r.members[0].full_name = "x".repeat(5000);
                r
            },
            "members[0].full_name",
        ),
        (
            "missing address",
            {
                let mut r = registration("bad-7");
                r.address.clear();
                r
            },
            "address",
        ),
        (
            "missing sex",
            {
                let mut r = registration("bad-8");
                r.members[2].sex = 0;
                r
            },
            "members[2].sex",
        ),
        (
            "future birth date",
            {
                let mut r = registration("bad-9");
                r.members[2].birth_date = "2999-01-01".into();
                r
            },
            "members[2].birth_date",
        ),
        (
            "bad KK",
            {
                let mut r = registration("bad-10");
                r.kk_number = "12".into();
                r
            },
            "kk_number",
        ),
        (
            "bad round",
            {
                let mut r = registration("bad-11");
                r.ranking_round = "2026-Q7".into();
                r
            },
            "ranking_round",
        ),
        (
            "missing idempotency key",
            {
                let mut r = registration("x");
                r.context = None;
                r
            },
            "context.idempotency_key",
        ),
        (
            "negative expected version",
            {
                let mut r = registration("bad-12");
                r.context.as_mut().unwrap().expected_version = Some(-1);
                r
            },
            "context.expected_version",
        ),
        (
            "no head",
            {
                let mut r = registration("bad-13");
                r.members.remove(0);
                r
            },
            "members",
        ),
    ];
    for (what, request, field) in cases {
        let status = client.register_household(request).await.expect_err(what);
        assert_eq!(status.code(), Code::InvalidArgument, "{what}: {status:?}");
        assert!(
            bad_fields(&status).iter().any(|f| f == field),
            "{what}: fields {:?}, message {}",
            bad_fields(&status),
            status.message()
        );
        assert!(
            status.message().contains(field),
            "{what}: message {:?} names no field",
            status.message()
        );
    }

    // A malformed household id on an update.
    let status = client
        .update_decile(pb::UpdateDecileRequest {
            context: context("bad-14"),
            household_id: "not-an-id".into(),
            decile: 3,
            ranking_round: "2026-Q2".into(),
        })
        .await
        .expect_err("bad id");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("household_id"));

    // An unknown household.
    let status = client
        .get_household(pb::GetHouseholdRequest {
            household_id: uuid::Uuid::new_v4().to_string(),
        })
        .await
        .expect_err("unknown");
    assert_eq!(status.code(), Code::NotFound);

    // No token, a forged token.
    let mut anonymous = berdaya.households_anonymous().await;
    let status = anonymous
        .register_household(registration("anon"))
        .await
        .expect_err("anonymous");
    assert_eq!(status.code(), Code::Unauthenticated);
    let mut forged = berdaya
        .households("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA")
        .await;
    let status = forged
        .register_household(registration("forged"))
        .await
        .expect_err("forged");
    assert_eq!(status.code(), Code::Unauthenticated);

    // A caseworker of Surabaya (35.78) writing in Semarang (33.73).
    let caseworker = berdaya.token(&["caseworker"], &["35.78"], "cw-surabaya");
    let mut cw = berdaya.households(&caseworker).await;
    let mut semarang = registration("cw-1");
    semarang.village_code = "33.74.01.1001".into();
    let status = cw
        .register_household(semarang)
        .await
        .expect_err("outside region");
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");
    assert!(
        status.message().contains("village_code"),
        "{}",
        status.message()
    );

    // An auditor never writes.
    let auditor = berdaya.token(&["auditor"], &["*"], "inspectorate");
    let mut audit = berdaya.households(&auditor).await;
    let status = audit
        .register_household(registration("audit-1"))
        .await
        .expect_err("auditor writes");
    assert_eq!(status.code(), Code::PermissionDenied);

    // Nothing of the above was recorded.
    assert_eq!(household_count(&berdaya, "35").await, 0);
    assert_eq!(household_count(&berdaya, "33").await, 0);

    // The caseworker may write in Surabaya, and the auditor may read it.
    let registered = cw
        .register_household(registration("cw-2"))
        .await
        .expect("caseworker registers")
        .into_inner();
    let id = registered.household.expect("household").household_id;
    audit
        .get_household(pb::GetHouseholdRequest { household_id: id })
        .await
        .expect("auditor reads");
}

#[tokio::test]
async fn a_nik_belongs_to_one_active_household_and_retries_are_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;

    let first = client
        .register_household(registration("idem-1"))
        .await
        .expect("register")
        .into_inner();
    // The integrator retries: same key, same request, same answer, nothing new.
    let retry = client
        .register_household(registration("idem-1"))
        .await
        .expect("retry")
        .into_inner();
    assert_eq!(first, retry);
    assert_eq!(household_count(&berdaya, "35.78").await, 1);

    // Same key, different request: refused.
    let mut changed = registration("idem-1");
    changed.decile = 3;
    let status = client
        .register_household(changed)
        .await
        .expect_err("key reuse");
    assert_eq!(status.code(), Code::AlreadyExists);
    assert!(
        status.message().contains("idempotency_key"),
        "{}",
        status.message()
    );

    // Another household with the head's NIK: refused, naming the member's field.
    let mut duplicate = registration("idem-2");
    duplicate.members = vec![duplicate.members[1].clone(), duplicate.members[0].clone()];
    duplicate.members[0].relationship = pb::Relationship::Head as i32;
    duplicate.members[1].relationship = pb::Relationship::Spouse as i32;
    duplicate.members.truncate(2);
    duplicate.members[0] = member(
        "3578014101900009",
        "Rina",
        pb::Sex::Female,
        "1990-01-01",
        pb::Relationship::Head,
    );
    let status = client
        .register_household(duplicate)
        .await
        .expect_err("duplicate NIK");
    assert_eq!(status.code(), Code::AlreadyExists, "{status:?}");
    assert!(
        bad_fields(&status).contains(&"members[1].nik".to_owned()),
        "{:?}",
        bad_fields(&status)
    );
    assert_eq!(household_count(&berdaya, "35.78").await, 1);

    // Once the first household is closed, its NIKs are free again.
    let id = first.household.expect("household").household_id;
    client
        .close_household(pb::CloseHouseholdRequest {
            context: context("idem-3"),
            household_id: id,
            reason: "duplicate entry".into(),
            closed_on: "2026-03-01".into(),
        })
        .await
        .expect("close");
    let mut again = registration("idem-4");
    again.kk_number = "3578010101230002".into();
    client
        .register_household(again)
        .await
        .expect("NIK free after close");

    // A stale expected version is refused with ABORTED and writes nothing.
    let listed = client
        .list_households(pb::ListHouseholdsRequest {
            region_prefix: "35.78.01.1001".into(),
            page: None,
        })
        .await
        .expect("list")
        .into_inner();
    let active = listed
        .households
        .iter()
        .find(|h| h.status == pb::HouseholdStatus::Active as i32)
        .expect("active");
    let mut stale = context("idem-5");
    stale.as_mut().unwrap().expected_version = Some(active.version + 5);
    let status = client
        .update_decile(pb::UpdateDecileRequest {
            context: stale,
            household_id: active.household_id.clone(),
            decile: 3,
            ranking_round: "2026-Q2".into(),
        })
        .await
        .expect_err("stale version");
    assert_eq!(status.code(), Code::Aborted);
}

#[tokio::test]
async fn data_survives_a_restart_and_erasure_keeps_the_chain_verifiable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;
    let household = client
        .register_household(registration("restart-1"))
        .await
        .expect("register")
        .into_inner()
        .household
        .expect("household");
    let wife = household.members[1].member_id.clone();
    berdaya.kill();

    let berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;
    let got = client
        .get_household(pb::GetHouseholdRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .expect("get after restart")
        .into_inner();
    assert_eq!(got.members[1].full_name, "Siti Aminah");

    // Only admins erase.
    let caseworker = berdaya.token(&["caseworker"], &["35.78"], "cw");
    let status = berdaya
        .households(&caseworker)
        .await
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-0"),
            household_id: household.household_id.clone(),
            member_id: wife.clone(),
            reason: "request".into(),
        })
        .await
        .expect_err("caseworker erases");
    assert_eq!(status.code(), Code::PermissionDenied);

    // A member still in the household is removed before their data is erased.
    let status = client
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-early"),
            household_id: household.household_id.clone(),
            member_id: wife.clone(),
            reason: "request".into(),
        })
        .await
        .expect_err("erase an active member");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert!(status.message().contains("RemoveMember"), "{status:?}");
    client
        .remove_member(pb::RemoveMemberRequest {
            context: context("remove-wife"),
            household_id: household.household_id.clone(),
            member_id: wife.clone(),
            reason: pb::RemovalReason::Moved as i32,
            effective_date: "2026-01-15".into(),
            note: "pindah ke Jl. Rungkut 5".into(),
            new_head_member_id: String::new(),
        })
        .await
        .expect("remove the wife");

    let erased = client
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-1"),
            household_id: household.household_id.clone(),
            member_id: wife,
            reason: "data subject request (UU PDP)".into(),
        })
        .await
        .expect("erase")
        .into_inner()
        .household
        .expect("household");
    assert!(erased.members[1].personal_data_erased);
    assert!(erased.members[1].full_name.is_empty() && erased.members[1].nik.is_empty());
    assert_eq!(
        erased.members[0].full_name, "Budi Santoso",
        "others keep their data"
    );

    // After another restart the erased data stays unreadable and the chain verifies.
    drop(client);
    drop(berdaya);
    let berdaya = Berdaya::up(dir.path(), &[]);
    let mut client = berdaya.households(&berdaya.admin_token).await;
    let got = client
        .get_household(pb::GetHouseholdRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert!(got.members[1].personal_data_erased);
    let verified = client
        .verify_household_history(pb::VerifyHouseholdHistoryRequest {
            household_id: household.household_id,
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
    assert_eq!(verified.events, 3);
}

#[tokio::test]
async fn the_demo_province_is_seeded_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let seeded = household_count(&berdaya, "35").await;
    assert!(seeded >= 50, "demo seeded {seeded} households");
    assert!(
        household_count(&berdaya, "35.78").await > 0,
        "Surabaya has households"
    );
    drop(berdaya);
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    assert_eq!(
        household_count(&berdaya, "35").await,
        seeded,
        "seeding again adds nothing"
    );
}

#[tokio::test]
async fn the_service_talks_to_postgresql_over_tls_when_the_url_asks_for_it() {
    let url = common::fresh_database();
    let database = url.rsplit('/').next().expect("database name").to_owned();
    let berdaya = Berdaya::serve_households(&format!("{url}?sslmode=require"));
    let mut client = berdaya.households(&berdaya.admin_token).await;
    client
        .register_household(registration("tls-1"))
        .await
        .expect("register over TLS");
    // Every connection the service holds to its database is encrypted.
    let output = std::process::Command::new("psql")
        .arg(common::admin_database_url())
        .args(["-Atc"])
        .arg(format!(
            "SELECT count(*) FILTER (WHERE s.ssl), count(*) FROM pg_stat_activity a \
             JOIN pg_stat_ssl s USING (pid) WHERE a.datname = '{database}'"
        ))
        .output()
        .expect("psql");
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let (encrypted, all) = text.split_once('|').expect("two counts");
    assert!(all.parse::<i64>().expect("count") > 0, "{text}");
    assert_eq!(encrypted, all, "encrypted|all connections: {text}");
}

/// A record outside the caller's regions is answered exactly as one that does not exist:
/// the same code, the same message (but for the id), no details, so a caller learns
/// neither where it is nor that it exists (issue 9, defect 5).
fn same_as_unknown(outside: &tonic::Status, unknown: &tonic::Status, ids: (&str, &str)) {
    assert_eq!(outside.code(), Code::NotFound, "{outside:?}");
    assert_eq!(outside.code(), unknown.code(), "{outside:?} / {unknown:?}");
    assert_eq!(
        outside.message().replace(ids.0, ids.1),
        unknown.message(),
        "{outside:?} / {unknown:?}"
    );
    assert!(!outside.message().contains("33.74"), "{outside:?}");
    assert_eq!(outside.details(), unknown.details());
}

#[tokio::test]
async fn a_record_outside_the_callers_regions_reads_as_unknown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &[]);
    // The admin registers a household in Semarang, opens its account, plans a session.
    let mut admin = berdaya.households(&berdaya.admin_token).await;
    let mut semarang = registration("oracle-1");
    semarang.village_code = "33.74.01.1001".into();
    let household = admin
        .register_household(semarang)
        .await
        .expect("register in Semarang")
        .into_inner()
        .household
        .expect("household")
        .household_id;
    let account = berdaya
        .savings(&berdaya.admin_token)
        .await
        .open_savings_account(pb::OpenSavingsAccountRequest {
            context: context("oracle-open"),
            account_id: String::new(),
            household_id: household.clone(),
            member_id: String::new(),
            institution_kind: pb::InstitutionKind::Bank as i32,
            institution_name: "BRI Semarang".into(),
            opened_on: "2025-01-02".into(),
        })
        .await
        .expect("open")
        .into_inner()
        .account
        .expect("account")
        .account_id;
    let plan = |key: &str, invited: Vec<String>| pb::PlanActivityRequest {
        context: context(key),
        activity_id: String::new(),
        region_code: "33.74.01.1001".into(),
        kind: pb::ActivityKind::Dialogue as i32,
        fds_module: 0,
        topic: "Dialog warga".into(),
        programme: 0,
        facilitator: "pendamping-9".into(),
        scheduled_on: "2026-03-05".into(),
        location: "Balai RW".into(),
        invited_household_ids: invited,
    };
    let activity = berdaya
        .participation(&berdaya.admin_token)
        .await
        .plan_activity(plan("oracle-plan", vec![household.clone()]))
        .await
        .expect("plan")
        .into_inner()
        .activity
        .expect("activity")
        .activity_id;

    // A caseworker of Surabaya asks about each, and about ids that do not exist.
    let token = berdaya.token(&["caseworker"], &["35.78"], "cw-surabaya");
    let ghost = uuid::Uuid::now_v7().to_string();
    let mut households = berdaya.households(&token).await;
    let get = |id: &str| pb::GetHouseholdRequest {
        household_id: id.into(),
    };
    same_as_unknown(
        &households.get_household(get(&household)).await.unwrap_err(),
        &households.get_household(get(&ghost)).await.unwrap_err(),
        (&household, &ghost),
    );
    let verify = |id: &str| pb::VerifyHouseholdHistoryRequest {
        household_id: id.into(),
    };
    same_as_unknown(
        &households
            .verify_household_history(verify(&household))
            .await
            .unwrap_err(),
        &households
            .verify_household_history(verify(&ghost))
            .await
            .unwrap_err(),
        (&household, &ghost),
    );
    let decile = |key: &str, id: &str| pb::UpdateDecileRequest {
        context: context(key),
        household_id: id.into(),
        decile: 3,
        ranking_round: "2026-Q2".into(),
    };
    same_as_unknown(
        &households
            .update_decile(decile("oracle-d1", &household))
            .await
            .unwrap_err(),
        &households
            .update_decile(decile("oracle-d2", &ghost))
            .await
            .unwrap_err(),
        (&household, &ghost),
    );

    let mut savings = berdaya.savings(&token).await;
    let account_of = |id: &str| pb::GetSavingsAccountRequest {
        account_id: id.into(),
    };
    same_as_unknown(
        &savings
            .get_savings_account(account_of(&account))
            .await
            .unwrap_err(),
        &savings
            .get_savings_account(account_of(&ghost))
            .await
            .unwrap_err(),
        (&account, &ghost),
    );
    let accounts_of = |id: &str| pb::ListHouseholdSavingsAccountsRequest {
        household_id: id.into(),
    };
    same_as_unknown(
        &savings
            .list_household_savings_accounts(accounts_of(&household))
            .await
            .unwrap_err(),
        &savings
            .list_household_savings_accounts(accounts_of(&ghost))
            .await
            .unwrap_err(),
        (&household, &ghost),
    );

    let mut participation = berdaya.participation(&token).await;
    let activity_of = |id: &str| pb::GetActivityRequest {
        activity_id: id.into(),
    };
    same_as_unknown(
        &participation
            .get_activity(activity_of(&activity))
            .await
            .unwrap_err(),
        &participation
            .get_activity(activity_of(&ghost))
            .await
            .unwrap_err(),
        (&activity, &ghost),
    );
    let record_of = |id: &str| pb::GetParticipationRecordRequest {
        household_id: id.into(),
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
        kind: 0,
    };
    same_as_unknown(
        &participation
            .get_participation_record(record_of(&household))
            .await
            .unwrap_err(),
        &participation
            .get_participation_record(record_of(&ghost))
            .await
            .unwrap_err(),
        (&household, &ghost),
    );
    // Inviting it to a Surabaya session is refused as for a household never registered.
    let mut surabaya = plan("oracle-invite-1", vec![household.clone()]);
    surabaya.region_code = "35.78.01.1001".into();
    let outside = participation
        .plan_activity(surabaya.clone())
        .await
        .unwrap_err();
    surabaya.context = context("oracle-invite-2");
    surabaya.invited_household_ids = vec![ghost.clone()];
    let unknown = participation.plan_activity(surabaya).await.unwrap_err();
    assert_eq!(outside.code(), unknown.code(), "{outside:?} / {unknown:?}");
    assert_eq!(
        outside.message().replace(&household, &ghost),
        unknown.message()
    );
    assert!(!outside.message().contains("33.74"), "{outside:?}");
}
