//! `berdaya up --demo`, strategy 2: KUBE groups formed from the demo households (see
//! `demo.rs`), seeded through the real enterprise API.
//!
//! In every other demo village the first five households form a group with a board, a
//! facilitator per regency, a BLPS grant paid in two tranches, a business plan and three
//! monthly reports; the first group was assessed and moved to Berkembang (proposed by a
//! facilitator, approved by a supervisor). The sixth household of each such village gets
//! a mentoring visit as individual support. Dates are fixed (June to October 2026), so
//! 90 days after the last report the groups show the inactivity flag: exactly what the
//! health indicators are for. Ids and
//! idempotency keys are fixed too, so seeding twice records nothing new.

use std::time::Duration;

use berdaya_platform::Role;
use berdaya_platform::demo::{as_admin as admin, as_subject, context};
use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use berdaya_proto::berdaya::enterprise::v1::enterprise_service_server::EnterpriseService;
use uuid::Uuid;

use crate::EnterpriseApi;

/// Demo villages (in `demo.rs` order) and households per village.
const VILLAGES: u128 = 11;
const HOUSEHOLDS_PER_VILLAGE: u128 = 6;
/// How long seeding waits for the enterprise service to hear of the demo households.
const VIEW_WAIT: Duration = Duration::from_secs(30);

/// The id `demo.rs` gives its household number `n` (from 1).
fn household(n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n).to_string()
}

fn group_id(village: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_9000_0000_0000_0000 | village).to_string()
}

/// The village of a demo household, once the enterprise service has heard of it.
async fn village_of(api: &EnterpriseApi, id: &str) -> anyhow::Result<String> {
    let deadline = tokio::time::Instant::now() + VIEW_WAIT;
    loop {
        let asked = api
            .get_household_standing(admin(pb::GetHouseholdStandingRequest {
                household_id: id.to_owned(),
            }))
            .await;
        match asked {
            Ok(standing) => return Ok(standing.into_inner().village_code),
            Err(status)
                if status.code() == tonic::Code::NotFound
                    && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => anyhow::bail!("demo household {id} is unknown to enterprise: {status}"),
        }
    }
}

/// Seeds the demo KUBE groups; returns how many there are.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(crate) async fn seed(api: &EnterpriseApi) -> anyhow::Result<usize> {
    let mut groups = 0;
    for v in (0..VILLAGES).step_by(2) {
        let members: Vec<String> = (1..=5)
            .map(|i| household(v * HOUSEHOLDS_PER_VILLAGE + i))
            .collect();
        let village = village_of(api, &members[0]).await?;
        for member in &members[1..] {
            village_of(api, member).await?;
        }
        let facilitator = format!("pendamping-{}", village[..5].replace('.', ""));
        let group = group_id(v);
        let key = |step: &str| context(format!("demo-kube-{v}-{step}"));
        api.form_group(admin(pb::FormGroupRequest {
            context: key("form"),
            group_id: group.clone(),
            name: format!("KUBE Sejahtera {}", v / 2 + 1),
            village_code: village.clone(),
            business_type: if v % 4 == 0 {
                pb::BusinessType::Uep
            } else {
                pb::BusinessType::Uks
            } as i32,
            sector: if v % 4 == 0 {
                "ternak kambing"
            } else {
                "warung sembako"
            }
            .to_owned(),
            formed_on: "2026-06-01".to_owned(),
            member_household_ids: members.clone(),
            facilitator_id: facilitator.clone(),
        }))
        .await?;
        groups += 1;
        let g = || group.clone();
        api.elect_board(admin(pb::ElectBoardRequest {
            context: key("board"),
            group_id: g(),
            chair_household_id: members[0].clone(),
            secretary_household_id: members[1].clone(),
            treasurer_household_id: members[2].clone(),
            elected_on: "2026-06-01".to_owned(),
            note: "musyawarah anggota".to_owned(),
        }))
        .await?;
        api.adopt_business_plan(admin(pb::AdoptBusinessPlanRequest {
            context: key("plan"),
            group_id: g(),
            adopted_on: "2026-06-03".to_owned(),
            summary: "buy stock together, sell in the village, split profit monthly".to_owned(),
            products: "goats, basic food".to_owned(),
            capital_required: 20_000_000,
            target_monthly_revenue: 4_000_000,
        }))
        .await?;
        api.record_group_account(admin(pb::RecordGroupAccountRequest {
            context: key("account"),
            group_id: g(),
            bank_name: "BRI".to_owned(),
            account_number: format!("00{:010}", 7_000 + v),
            opened_on: "2026-06-05".to_owned(),
        }))
        .await?;
        let grant = api
            .award_grant(admin(pb::AwardGrantRequest {
                context: key("grant"),
                group_id: g(),
                scheme: pb::GrantScheme::Blps as i32,
                scheme_name: String::new(),
                amount: 20_000_000,
                awarded_on: "2026-06-10".to_owned(),
                conditions: vec!["business plan adopted".to_owned()],
                reference: format!("SK Dinsos Jatim {}/2026", 100 + v),
            }))
            .await?
            .into_inner()
            .group
            .and_then(|g| g.grants.first().map(|grant| grant.grant_id.clone()))
            .unwrap_or_default();
        for (n, (amount, on)) in [(12_000_000, "2026-06-15"), (8_000_000, "2026-08-15")]
            .into_iter()
            .enumerate()
        {
            api.disburse_tranche(admin(pb::DisburseTrancheRequest {
                context: key(&format!("tranche-{n}")),
                group_id: g(),
                grant_id: grant.clone(),
                amount,
                disbursed_on: on.to_owned(),
                reference: format!("TRF-{v}-{n}"),
            }))
            .await?;
        }
        let reports = [
            ("2026-07", 3_000_000, 2_200_000),
            ("2026-08", 3_400_000, 2_300_000),
            ("2026-09", 4_000_000, 2_500_000),
        ];
        for (i, (month, revenue, costs)) in reports.into_iter().enumerate() {
            let profit = revenue - costs;
            api.report_progress(admin(pb::ReportProgressRequest {
                context: key(&format!("report-{month}")),
                group_id: g(),
                month: month.to_owned(),
                revenue,
                costs,
                capital: 12_000_000 + 400_000 * i64::try_from(i).unwrap_or(0),
                split: Some(pb::ProfitSplit {
                    capital: profit / 2,
                    member_welfare: profit - profit / 2 - profit / 10,
                    iks: profit / 10,
                }),
                reported_on: format!("{month}-28"),
                note: String::new(),
            }))
            .await?;
        }
        if v == 0 {
            promote(api, &group, &key).await?;
        }
        let outside = household(v * HOUSEHOLDS_PER_VILLAGE + 6);
        village_of(api, &outside).await?;
        api.record_mentoring_visit(admin(pb::RecordMentoringVisitRequest {
            context: key("visit"),
            household_id: outside,
            facilitator_id: facilitator,
            visited_on: "2026-09-10".to_owned(),
            notes: "runs a small food stall from home".to_owned(),
            next_steps: "join the training on simple bookkeeping".to_owned(),
        }))
        .await?;
    }
    Ok(groups)
}

/// Moves the first group to Berkembang: a facilitator proposes, a supervisor approves.
async fn promote(
    api: &EnterpriseApi,
    group: &str,
    key: &(dyn Fn(&str) -> Option<CommandContext> + Sync),
) -> anyhow::Result<()> {
    let criteria = [
        pb::Criterion::FacilitatorAssigned,
        pb::Criterion::BoardFormed,
        pb::Criterion::GrantReceived,
        pb::Criterion::ActivityStarted,
        pb::Criterion::ProfitShared,
    ];
    let proposed = api
        .propose_stage_change(as_subject(
            "demo-pendamping",
            &[Role::Caseworker],
            pb::ProposeStageChangeRequest {
                context: key("propose"),
                group_id: group.to_owned(),
                to_stage: pb::Stage::Berkembang as i32,
                assessment: Some(pb::Assessment {
                    assessor: "demo-pendamping".to_owned(),
                    assessed_on: "2026-10-01".to_owned(),
                    evidence: "cash book, bank statement, field visit".to_owned(),
                    scores: criteria
                        .iter()
                        .map(|c| pb::CriterionScore {
                            criterion: *c as i32,
                            score: 80,
                            note: String::new(),
                        })
                        .collect(),
                }),
                proposed_on: "2026-10-01".to_owned(),
            },
        ))
        .await?
        .into_inner();
    let proposal_id = proposed
        .group
        .and_then(|g| g.proposals.first().map(|p| p.proposal_id.clone()))
        .unwrap_or_default();
    api.approve_stage_change(as_subject(
        "demo-supervisor",
        &[Role::Supervisor],
        pb::ApproveStageChangeRequest {
            context: key("approve"),
            group_id: group.to_owned(),
            proposal_id,
            approved_on: "2026-10-03".to_owned(),
            note: "verified on site".to_owned(),
        },
    ))
    .await?;
    Ok(())
}
