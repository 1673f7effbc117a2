//! Issue 20, item 1, as a property: extreme values (i64::MAX, i64::MIN, the bound and
//! one past it, any i64) in every money field of every service's requests never make a
//! read path fail afterwards. Savings runs through its real gRPC handlers (validation,
//! domain, codec, store); enterprise through its domain and codec, the same events its
//! service would append. Both logs are then projected into a real SQLite read model,
//! read every way the API and the dashboard read, and rebuilt.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

use std::sync::Arc;

use berdaya_domain::{Aggregate, Rupiah};
use berdaya_enterprise::codec::GroupCodec;
use berdaya_enterprise::domain::{
    BusinessType, GrantScheme, GroupAccount, GroupCommand, GroupEvent, GroupPolicy, KubeGroup,
    Month, ProfitSplit,
};
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_eventstore::{AppendBatch, EventMetadata, EventStore, ExpectedVersion, NewEvent};
use berdaya_households::HouseholdsApi;
use berdaya_households::domain::ProgrammePolicy;
use berdaya_households::savings::SavingsApi;
use berdaya_households::savings::domain::IncentiveRule;
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::keyring::KeyRing;
use berdaya_platform::{Principal, Role};
use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsService;
use berdaya_reporting::follow::{Source, catch_up};
use berdaya_reporting::rebuild::rebuild;
use berdaya_reporting::store::ReadModel;
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

const VILLAGE: &str = "35.78.01.1001";

/// One money request, with the amounts under test.
#[derive(Debug, Clone)]
enum Money {
    Deposit(i64),
    Withdraw(i64),
    Goal(i64),
    Plan(i64, i64),
    Award(i64),
    Tranche(i64),
    Report([i64; 6]),
    Share(i64),
}

fn extreme() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MAX),
        Just(i64::MIN),
        Just(0),
        Just(-1),
        Just(Rupiah::MAX.0),
        Just(Rupiah::MAX.0 + 1),
        0..=Rupiah::MAX.0,
        any::<i64>(),
    ]
}

fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        extreme().prop_map(Money::Deposit),
        extreme().prop_map(Money::Withdraw),
        extreme().prop_map(Money::Goal),
        (extreme(), extreme()).prop_map(|(a, b)| Money::Plan(a, b)),
        extreme().prop_map(Money::Award),
        extreme().prop_map(Money::Tranche),
        proptest::array::uniform6(extreme()).prop_map(Money::Report),
        extreme().prop_map(Money::Share),
    ]
}

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

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// A household with an open savings account, on `store`.
async fn account(store: Arc<dyn EventStore>, savings: &SavingsApi) -> String {
    let households = HouseholdsApi::new(
        store,
        Arc::new(Vault::new([1; 32], [2; 32])),
        ProgrammePolicy::default(),
    );
    let household = households
        .register_household(admin(pb::RegisterHouseholdRequest {
            context: ctx("h"),
            village_code: VILLAGE.into(),
            kk_number: "3578010101230001".into(),
            kk_valid_from: "2023-01-01".into(),
            address: "Jl. Contoh 1".into(),
            decile: 2,
            ranking_round: "2026-Q1".into(),
            members: vec![pb::NewMember {
                nik: "3578011203850001".into(),
                full_name: "Warga".into(),
                sex: pb::Sex::Male as i32,
                birth_date: "1985-03-12".into(),
                relationship: pb::Relationship::Head as i32,
                phone: String::new(),
            }],
            ..Default::default()
        }))
        .await
        .expect("register")
        .into_inner()
        .household
        .expect("household");
    savings
        .open_savings_account(admin(pb::OpenSavingsAccountRequest {
            context: ctx("open"),
            household_id: household.household_id,
            institution_kind: pb::InstitutionKind::Bank as i32,
            institution_name: "BRI".into(),
            opened_on: "2026-01-05".into(),
            ..Default::default()
        }))
        .await
        .expect("open")
        .into_inner()
        .account
        .expect("account")
        .account_id
}

/// Sends a savings request; only a refusal of the request itself is acceptable.
fn refused_or_done<T>(result: Result<T, tonic::Status>) {
    if let Err(status) = result {
        assert!(
            matches!(
                status.code(),
                tonic::Code::InvalidArgument | tonic::Code::FailedPrecondition
            ),
            "{status:?}"
        );
    }
}

async fn savings_request(savings: &SavingsApi, account: &str, n: usize, request: &Money) {
    let key = format!("m{n}");
    let on = "2026-02-10".to_owned();
    match request {
        Money::Deposit(amount) => refused_or_done(
            savings
                .deposit(admin(pb::DepositRequest {
                    context: ctx(&key),
                    account_id: account.into(),
                    amount: *amount,
                    channel: pb::SavingsChannel::Cash as i32,
                    reference: key.clone(),
                    deposited_on: on,
                }))
                .await,
        ),
        Money::Withdraw(amount) => refused_or_done(
            savings
                .withdraw(admin(pb::WithdrawRequest {
                    context: ctx(&key),
                    account_id: account.into(),
                    amount: *amount,
                    channel: pb::SavingsChannel::Cash as i32,
                    reference: key.clone(),
                    withdrawn_on: on,
                    purpose: "biaya sekolah".into(),
                }))
                .await,
        ),
        Money::Goal(amount) => refused_or_done(
            savings
                .set_savings_goal(admin(pb::SetSavingsGoalRequest {
                    context: ctx(&key),
                    account_id: account.into(),
                    purpose: pb::SavingsGoalPurpose::Education as i32,
                    target_amount: *amount,
                    target_date: "2027-06-30".into(),
                    set_on: on,
                    ..Default::default()
                }))
                .await,
        ),
        _ => {}
    }
}

/// The enterprise command a request becomes (the edge passes money through unchanged:
/// the domain bounds it), for a group formed in January 2026.
fn group_command(n: usize, request: &Money, grant: Option<Uuid>) -> Option<GroupCommand> {
    let on = date("2026-03-01");
    Some(match request {
        Money::Plan(capital, revenue) => GroupCommand::AdoptBusinessPlan {
            adopted_on: on,
            summary: "ternak".into(),
            products: "kambing".into(),
            capital_required: Rupiah(*capital),
            target_monthly_revenue: Rupiah(*revenue),
        },
        Money::Award(amount) => GroupCommand::AwardGrant {
            grant_id: Uuid::from_u128(1000 + n as u128),
            scheme: GrantScheme::Blps,
            scheme_name: String::new(),
            amount: Rupiah(*amount),
            awarded_on: on,
            conditions: Vec::new(),
            reference: String::new(),
        },
        Money::Tranche(amount) => GroupCommand::DisburseTranche {
            grant_id: grant?,
            amount: Rupiah(*amount),
            disbursed_on: on,
            reference: "transfer".into(),
        },
        Money::Report([revenue, costs, capital, to_capital, welfare, iks]) => {
            GroupCommand::ReportProgress {
                month: Month::parse(&format!("{:04}-{:02}", 2026 + n / 12, n % 12 + 1))
                    .expect("month"),
                revenue: Rupiah(*revenue),
                costs: Rupiah(*costs),
                capital: Rupiah(*capital),
                split: ProfitSplit {
                    capital: Rupiah(*to_capital),
                    member_welfare: Rupiah(*welfare),
                    iks: Rupiah(*iks),
                },
                reported_on: date("2028-12-31"),
                note: String::new(),
            }
        }
        Money::Share(amount) => GroupCommand::ShareIks {
            amount: Rupiah(*amount),
            shared_on: on,
            recipients: "warga miskin".into(),
            recipient_household_ids: Vec::new(),
        },
        _ => return None,
    })
}

/// The group's events after every request it accepted (refusals record nothing).
fn group_events(requests: &[Money]) -> Vec<GroupEvent> {
    let group_id = Uuid::from_u128(900);
    let mut events = vec![
        GroupEvent::Formed {
            group_id,
            name: "KUBE Mawar".into(),
            village: berdaya_domain::id::RegionCode::parse_village(VILLAGE).expect("village"),
            business_type: BusinessType::Uep,
            sector: "ternak".into(),
            formed_on: date("2026-01-10"),
            members: (1..=5).map(Uuid::from_u128).collect(),
            facilitator: None,
        },
        GroupEvent::AccountRecorded(GroupAccount {
            bank_name: "BRI".into(),
            account_number: "1234567890".into(),
            opened_on: date("2026-01-11"),
        }),
    ];
    let mut state = KubeGroup::from_events(events.iter());
    for (n, request) in requests.iter().enumerate() {
        let grant = state.grants.first().map(|g| g.grant_id);
        let Some(command) = group_command(n, request, grant) else {
            continue;
        };
        if let Ok(accepted) = state.decide(&command, &GroupPolicy::default()) {
            for event in &accepted {
                state.apply(event);
            }
            events.extend(accepted);
        }
    }
    events
}

async fn append_group(store: &dyn EventStore, events: &[GroupEvent]) {
    let vault = Vault::new([1; 32], [2; 32]);
    let mut keys = KeyRing::default();
    let encoded: Vec<NewEvent> = events
        .iter()
        .map(|event| {
            let e = GroupCodec.encode(event, &mut keys, &vault).expect("encode");
            NewEvent {
                event_id: Uuid::now_v7(),
                event_type: e.event_type,
                schema_version: e.schema_version,
                payload: e.payload,
            }
        })
        .collect();
    let metadata = EventMetadata {
        actor: "tester".into(),
        role: "admin".into(),
        region: VILLAGE.into(),
        ..EventMetadata::default()
    };
    store
        .append(AppendBatch::new(
            format!("kube-{}", Uuid::from_u128(900)),
            "kube",
            ExpectedVersion::NoStream,
            encoded,
            metadata,
        ))
        .await
        .expect("append");
}

async fn every_read_answers(model: &ReadModel) {
    let now = berdaya_reporting::facts::month_of(chrono::Utc::now());
    for prefix in ["35", "35.78", VILLAGE] {
        model.csv(prefix, "", "").await.expect("csv");
        model
            .series(prefix, "2026-01", &now, &[])
            .await
            .expect("series");
    }
    for indicator in berdaya_reporting::catalog::all() {
        model
            .breakdown("35", &now, indicator.id)
            .await
            .expect("breakdown");
    }
}

async fn case(requests: Vec<Money>) {
    let households: Arc<dyn EventStore> = Arc::new(SqliteStore::in_memory().await.expect("store"));
    let enterprise: Arc<dyn EventStore> = Arc::new(SqliteStore::in_memory().await.expect("store"));
    let savings = SavingsApi::new(
        households.clone(),
        Arc::new(Vault::new([1; 32], [2; 32])),
        IncentiveRule::default(),
    );
    let account = account(households.clone(), &savings).await;
    for (n, request) in requests.iter().enumerate() {
        savings_request(&savings, &account, n, request).await;
    }
    append_group(enterprise.as_ref(), &group_events(&requests)).await;

    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("r.db").display());
    let model = ReadModel::open(&url).await.expect("open");
    let sources = vec![
        Source {
            name: "households".into(),
            store: households,
        },
        Source {
            name: "enterprise".into(),
            store: enterprise,
        },
    ];
    catch_up(&model, &sources, |_| {}).await.expect("project");
    every_read_answers(&model).await;
    rebuild(&model, &sources, |_| {}).await.expect("rebuild");
    every_read_answers(&model).await;
    // Nothing the commands accepted is ever refused by the projection.
    assert_eq!(model.inbox().parked_count().await.expect("parked"), 0);
}

proptest! {
    // Each case builds two stores and a read model: a few dozen cases keep it quick.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn extreme_amounts_never_break_a_read(requests in proptest::collection::vec(money(), 1..8)) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(case(requests));
    }
}
