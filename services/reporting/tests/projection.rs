//! Real household events, produced by the real households service on a real event store,
//! followed into real SQLite and PostgreSQL read models: the figures, each in the month
//! of its business date (the events are recorded today but dated early in 2026),
//! redelivery, and a rebuild of those back-dated events that gives byte-identical
//! results.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

use std::sync::Arc;

use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_eventstore::{EventStore, LogCursor};
use berdaya_households::HouseholdsApi;
use berdaya_households::domain::ProgrammePolicy;
use berdaya_households::savings::SavingsApi;
use berdaya_households::savings::domain::IncentiveRule;
use berdaya_messaging::{Applied, EventEnvelope, HandlerError};
use berdaya_platform::{Principal, Role};
use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsService;
use berdaya_reporting::facts::month_of;
use berdaya_reporting::follow::{Source, catch_up};
use berdaya_reporting::rebuild::rebuild;
use berdaya_reporting::store::ReadModel;

fn admin<T>(message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.extensions_mut().insert(Principal::new(
        "tester",
        vec![Role::Admin],
        vec!["*".into()],
    ));
    request
}

fn ctx(key: &str) -> Option<CommandContext> {
    Some(CommandContext {
        idempotency_key: key.into(),
        ..CommandContext::default()
    })
}

fn person(nik: &str, sex: pb::Sex, birth: &str, relationship: pb::Relationship) -> pb::NewMember {
    pb::NewMember {
        nik: nik.into(),
        full_name: "Warga".into(),
        sex: sex as i32,
        birth_date: birth.into(),
        relationship: relationship as i32,
        phone: String::new(),
    }
}

async fn register(
    api: &HouseholdsApi,
    key: &str,
    village: &str,
    decile: i32,
    members: Vec<pb::NewMember>,
) -> pb::Household {
    api.register_household(admin(pb::RegisterHouseholdRequest {
        context: ctx(key),
        village_code: village.into(),
        kk_number: format!("{}0101230001", village.replace('.', "")[..6].to_owned()),
        kk_valid_from: "2023-01-01".into(),
        address: "Jl. Contoh 1".into(),
        phone: String::new(),
        decile,
        ranking_round: "2026-Q1".into(),
        members,
        household_id: String::new(),
    }))
    .await
    .expect("register")
    .into_inner()
    .household
    .expect("household")
}

/// Three households: enrolments, a move, a new decile, a closure.
async fn scenario() -> Arc<dyn EventStore> {
    let store: Arc<dyn EventStore> = Arc::new(SqliteStore::in_memory().await.expect("store"));
    let api = HouseholdsApi::new(
        store.clone(),
        Arc::new(Vault::new([1; 32], [2; 32])),
        ProgrammePolicy::default(),
    );
    let h1 = register(
        &api,
        "h1",
        "35.78.01.1001",
        2,
        vec![
            person(
                "3578011203850001",
                pb::Sex::Male,
                "1985-03-12",
                pb::Relationship::Head,
            ),
            person(
                "3578015506880002",
                pb::Sex::Female,
                "1988-06-15",
                pb::Relationship::Spouse,
            ),
            person(
                "3578010102220003",
                pb::Sex::Male,
                "2022-02-01",
                pb::Relationship::Child,
            ),
        ],
    )
    .await;
    let h2 = register(
        &api,
        "h2",
        "35.78.01.1001",
        5,
        vec![person(
            "3578011203700004",
            pb::Sex::Male,
            "1970-03-12",
            pb::Relationship::Head,
        )],
    )
    .await;
    let h3 = register(
        &api,
        "h3",
        "35.07.01.2001",
        1,
        vec![person(
            "3507011203600005",
            pb::Sex::Male,
            "1960-03-12",
            pb::Relationship::Head,
        )],
    )
    .await;
    let enrol =
        |key: &str, id: &str, programme: pb::Programme, components: Vec<pb::PkhComponentClaim>| {
            pb::EnrolProgrammeRequest {
                context: ctx(key),
                household_id: id.into(),
                programme: programme as i32,
                enrolled_on: "2026-02-01".into(),
                components,
            }
        };
    let toddler = h1.members[2].member_id.clone();
    api.enrol_programme(admin(enrol(
        "e1",
        &h1.household_id,
        pb::Programme::Pkh,
        vec![pb::PkhComponentClaim {
            member_id: toddler,
            component: pb::PkhComponent::Child06 as i32,
        }],
    )))
    .await
    .expect("pkh");
    api.enrol_programme(admin(enrol(
        "e2",
        &h1.household_id,
        pb::Programme::Sembako,
        vec![],
    )))
    .await
    .expect("sembako 1");
    api.enrol_programme(admin(enrol(
        "e3",
        &h2.household_id,
        pb::Programme::Sembako,
        vec![],
    )))
    .await
    .expect("sembako 2");
    api.move_household(admin(pb::MoveHouseholdRequest {
        context: ctx("m1"),
        household_id: h2.household_id.clone(),
        to_village_code: "35.78.02.1001".into(),
        address: "Jl. Baru 2".into(),
        moved_on: "2026-03-01".into(),
    }))
    .await
    .expect("move");
    api.update_decile(admin(pb::UpdateDecileRequest {
        context: ctx("d1"),
        household_id: h1.household_id.clone(),
        decile: 3,
        ranking_round: "2026-Q2".into(),
    }))
    .await
    .expect("decile");
    api.close_household(admin(pb::CloseHouseholdRequest {
        context: ctx("c1"),
        household_id: h3.household_id.clone(),
        reason: "merged".into(),
        closed_on: "2026-03-01".into(),
    }))
    .await
    .expect("close");

    // Savings (strategy 3): h1 opens an account, deposits twice (a 10 % match up to the
    // cap is credited each time) and withdraws once.
    let savings = SavingsApi::new(
        store.clone(),
        Arc::new(Vault::new([1; 32], [2; 32])),
        IncentiveRule::default(),
    );
    let account = savings
        .open_savings_account(admin(pb::OpenSavingsAccountRequest {
            context: ctx("s1"),
            account_id: String::new(),
            household_id: h1.household_id.clone(),
            member_id: String::new(),
            institution_kind: pb::InstitutionKind::Bank as i32,
            institution_name: "BRI Unit Karang Pilang".into(),
            opened_on: "2026-01-05".into(),
        }))
        .await
        .expect("open account")
        .into_inner()
        .account
        .expect("account")
        .account_id;
    for (key, amount, on) in [("s2", 100_000, "2026-01-10"), ("s3", 50_000, "2026-02-10")] {
        savings
            .deposit(admin(pb::DepositRequest {
                context: ctx(key),
                account_id: account.clone(),
                amount,
                channel: pb::SavingsChannel::Cash as i32,
                reference: key.into(),
                deposited_on: on.into(),
            }))
            .await
            .expect("deposit");
    }
    savings
        .withdraw(admin(pb::WithdrawRequest {
            context: ctx("s4"),
            account_id: account,
            amount: 30_000,
            channel: pb::SavingsChannel::Cash as i32,
            reference: "w".into(),
            withdrawn_on: "2026-02-20".into(),
            purpose: "school fees".into(),
        }))
        .await
        .expect("withdraw");
    store
}

async fn value(
    model: &ReadModel,
    prefix: &str,
    month: &str,
    indicator: &str,
    dimension: &str,
) -> i64 {
    model
        .series(prefix, month, month, &[indicator.to_owned()])
        .await
        .expect("series")
        .into_iter()
        .find(|s| s.dimension == dimension)
        .map(|s| s.points[0].1)
        .unwrap_or(0)
}

async fn check(model: ReadModel) {
    let store = scenario().await;
    let month = month_of(store.read_all(LogCursor::START, 1).await.expect("read")[0].recorded_at);
    let sources = vec![Source {
        name: "households".into(),
        store: store.clone(),
    }];
    let applied = catch_up(&model, &sources, |_| {}).await.expect("follow");
    let total = store
        .read_all(LogCursor::START, 1000)
        .await
        .expect("read")
        .len();
    assert_eq!(applied, total);
    assert_eq!(
        applied, 15,
        "3 registrations, 3 enrolments, a move, a decile, a closure; an account, 2 deposits, 2 incentives, a withdrawal"
    );

    assert_eq!(
        value(&model, "35", &month, "registry.households_registered", "").await,
        3
    );
    assert_eq!(
        value(&model, "35.78", &month, "registry.households_active", "3").await,
        1,
        "h1 moved to decile 3"
    );
    assert_eq!(
        value(&model, "35.78", &month, "registry.households_active", "2").await,
        0
    );
    assert_eq!(
        value(&model, "35.78", &month, "registry.households_active", "5").await,
        1,
        "h2 still in Surabaya"
    );
    assert_eq!(
        value(&model, "35.07", &month, "registry.households_active", "1").await,
        0,
        "h3 closed"
    );
    assert_eq!(value(&model, "35", &month, "registry.people", "").await, 4);
    assert_eq!(
        value(&model, "35.78", &month, "registry.enrolled", "SEMBAKO").await,
        2
    );
    assert_eq!(
        value(&model, "35.78.02", &month, "registry.enrolled", "SEMBAKO").await,
        1,
        "h2's enrolment moved with it"
    );
    assert_eq!(
        value(&model, "35.78", &month, "registry.pkh_entitlement", "").await,
        3_000_000
    );

    // Enrolled on 2026-02-01, recorded today: the enrolment is February's, and the
    // households are enrolled from February on, though registered (undated) today.
    assert_ne!(
        month, "2026-02",
        "the test needs events recorded after their dates"
    );
    assert_eq!(
        value(&model, "35", "2026-02", "registry.enrolments", "PKH").await,
        1
    );
    assert_eq!(
        value(&model, "35", &month, "registry.enrolments", "PKH").await,
        0,
        "not in the month it was recorded"
    );
    assert_eq!(
        value(&model, "35", "2026-01", "registry.enrolled", "SEMBAKO").await,
        0
    );
    assert_eq!(
        value(
            &model,
            "35.78.01",
            "2026-02",
            "registry.enrolled",
            "SEMBAKO"
        )
        .await,
        2,
        "both before h2's move"
    );
    assert_eq!(
        value(&model, "35.78", "2026-02", "registry.pkh_entitlement", "").await,
        3_000_000
    );
    assert_eq!(
        value(
            &model,
            "35",
            "2026-02",
            "registry.households_registered",
            ""
        )
        .await,
        0,
        "a registration carries no date: it counts when recorded"
    );
    // h2 moved (2026-03-01) and h3 closed (2026-03-01) before they were registered
    // here: a household's levels never change before it entered the registry, so both
    // land in the month of registration and no village goes below zero.
    assert_eq!(
        value(
            &model,
            "35.07",
            "2026-03",
            "registry.households_active",
            "1"
        )
        .await,
        0
    );
    assert_eq!(
        value(
            &model,
            "35.78.01",
            "2026-03",
            "registry.enrolled",
            "SEMBAKO"
        )
        .await,
        2
    );
    let districts = model
        .breakdown("35.78", &month, "registry.households_active")
        .await
        .expect("breakdown");
    assert_eq!(
        districts,
        vec![("35.78.01".to_owned(), 1), ("35.78.02".to_owned(), 1)]
    );
    let provinces = model
        .breakdown("", &month, "registry.households_registered")
        .await
        .expect("breakdown");
    assert_eq!(provinces, vec![("35".to_owned(), 3)]);

    // Savings, each in the month of its date: opened and deposited 100,000 in January
    // (10,000 incentive), deposited 50,000 (5,000) and withdrew 30,000 in February.
    let savings = [
        ("savings.accounts_open", "2026-01", 1),
        ("savings.deposits", "2026-01", 100_000),
        ("savings.incentives", "2026-01", 10_000),
        ("savings.balance", "2026-01", 110_000),
        ("savings.households_saving", "2026-01", 1),
        ("savings.deposits", "2026-02", 50_000),
        ("savings.incentives", "2026-02", 5_000),
        ("savings.withdrawals", "2026-02", 30_000),
        ("savings.balance", "2026-02", 135_000),
        ("savings.households_saving", "2026-02", 1),
        ("savings.withdrawals", "2026-01", 0),
        ("savings.deposits", &month, 0),
        ("savings.balance", &month, 135_000),
        ("savings.accounts_open", &month, 1),
    ];
    for (indicator, at, expected) in savings {
        assert_eq!(
            value(&model, "35.78", at, indicator, "").await,
            expected,
            "{indicator} in {at}"
        );
    }

    // Redelivery (as a NATS consumer may do) changes nothing.
    let live = model.csv("", "", "").await.expect("csv");
    let everything: Vec<EventEnvelope> = store
        .read_all(LogCursor::START, 1000)
        .await
        .expect("read")
        .iter()
        .map(|e| EventEnvelope::from_recorded("households", e))
        .collect();
    let again = model.inbox().apply_batch(&everything, None).await;
    assert_eq!(again, vec![Ok(Applied::Duplicate); everything.len()]);
    assert_eq!(model.csv("", "", "").await.expect("csv"), live);

    // A rebuild from the log gives the same bytes.
    let replayed = rebuild(&model, &sources, |_| {}).await.expect("rebuild");
    assert_eq!(replayed, everything.len());
    assert_eq!(
        model.csv("", "", "").await.expect("csv"),
        live,
        "live == rebuilt"
    );
    assert!(live.lines().count() > 10, "{live}");
}

#[tokio::test]
async fn household_and_savings_events_make_the_figures_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("reporting.db").display()
    );
    check(ReadModel::open(&url).await.expect("open")).await;
}

#[tokio::test]
async fn household_and_savings_events_make_the_figures_on_postgresql() {
    let admin = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("berdaya_report_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("admin connection");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("create database");
    let url = format!(
        "{}/{name}",
        &admin[..admin.rfind('/').expect("database part")]
    );
    check(ReadModel::open(&url).await.expect("open")).await;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pool)
        .await;
}

/// Two consumers of one PostgreSQL read model (replicas, or a redelivery racing the first
/// delivery) apply the same events at the same time: every event still counts once.
#[tokio::test]
async fn concurrent_consumers_count_each_event_once_on_postgresql() {
    let admin = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("admin connection");
    let mut urls = Vec::new();
    for _ in 0..2 {
        let name = format!("berdaya_report_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .expect("create database");
        urls.push((
            name.clone(),
            format!(
                "{}/{name}",
                &admin[..admin.rfind('/').expect("database part")]
            ),
        ));
    }
    let store = scenario().await;
    let events: Vec<EventEnvelope> = store
        .read_all(LogCursor::START, 1000)
        .await
        .expect("read")
        .iter()
        .map(|e| EventEnvelope::from_recorded("households", e))
        .collect();

    // The reference: one consumer, each event once.
    let single = ReadModel::open(&urls[0].1).await.expect("open");
    for event in &events {
        let outcome = single
            .inbox()
            .apply_batch(std::slice::from_ref(event), None)
            .await;
        assert_eq!(outcome, vec![Ok(Applied::Applied)]);
    }
    let expected = single.csv("", "", "").await.expect("csv");

    // Two consumers on one model, racing on every event, in batches of different
    // sizes (so their batches overlap differently).
    let shared = ReadModel::open(&urls[1].1).await.expect("open");
    let racers: Vec<_> = [3, 4]
        .into_iter()
        .map(|size| {
            let model = shared.clone();
            let events = events.clone();
            tokio::spawn(async move {
                for batch in events.chunks(size) {
                    // A lost race hands events back; they come again, as over NATS.
                    let mut pending = batch.to_vec();
                    while !pending.is_empty() {
                        let outcomes = model.inbox().apply_batch(&pending, None).await;
                        let mut again = Vec::new();
                        for (event, outcome) in pending.into_iter().zip(outcomes) {
                            match outcome {
                                Ok(_) => {}
                                Err(HandlerError::Retry(_) | HandlerError::Early { .. }) => {
                                    again.push(event);
                                }
                                Err(other) => panic!("{other:?}"),
                            }
                        }
                        pending = again;
                    }
                }
            })
        })
        .collect();
    for racer in racers {
        racer.await.expect("racer");
    }
    assert_eq!(shared.csv("", "", "").await.expect("csv"), expected);
    drop(single);
    drop(shared);
    for (name, _) in urls {
        let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&pool)
            .await;
    }
}
