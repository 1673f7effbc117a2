//! Shared givens: a village, households, a formed group and its usual history.

use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::*;

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The group's id.
pub(crate) fn group_id() -> Uuid {
    id(900)
}

pub(crate) fn village() -> RegionCode {
    RegionCode::parse_village("35.78.01.1001").unwrap()
}

/// Household `n`, active in the group's village and in no group.
pub(crate) fn active(n: u128) -> HouseholdFacts {
    HouseholdFacts {
        household_id: id(n),
        standing: Standing::Active {
            village: village(),
            group: None,
        },
    }
}

/// The command forming the group from households `1..=count`.
pub(crate) fn form(count: u128) -> GroupCommand {
    form_with((1..=count).map(active).collect())
}

pub(crate) fn form_with(members: Vec<HouseholdFacts>) -> GroupCommand {
    GroupCommand::Form {
        group_id: group_id(),
        name: "KUBE Mawar Lestari".to_owned(),
        village: village(),
        business_type: BusinessType::Uep,
        sector: "ternak kambing".to_owned(),
        formed_on: date("2026-01-10"),
        members,
        facilitator: None,
    }
}

/// A group formed on 2026-01-10 with households 1 to 5.
pub(crate) fn formed() -> Vec<GroupEvent> {
    vec![GroupEvent::Formed {
        group_id: group_id(),
        name: "KUBE Mawar Lestari".to_owned(),
        village: village(),
        business_type: BusinessType::Uep,
        sector: "ternak kambing".to_owned(),
        formed_on: date("2026-01-10"),
        members: (1..=5).map(id).collect(),
        facilitator: None,
    }]
}

/// Households 1, 2 and 3 elected chair, secretary and treasurer.
pub(crate) fn board_elected() -> GroupEvent {
    GroupEvent::BoardElected {
        chair: id(1),
        secretary: id(2),
        treasurer: id(3),
        elected_on: date("2026-01-10"),
        note: String::new(),
    }
}

pub(crate) fn facilitator_assigned() -> GroupEvent {
    GroupEvent::FacilitatorAssigned {
        facilitator_id: "pendamping-7".to_owned(),
        assigned_on: date("2026-01-12"),
        previous: None,
    }
}

pub(crate) fn account_recorded() -> GroupEvent {
    GroupEvent::AccountRecorded(GroupAccount {
        bank_name: "BRI".to_owned(),
        account_number: "0123456789".to_owned(),
        opened_on: date("2026-01-15"),
    })
}

/// A BLPS grant of Rp 20.000.000, id 500.
pub(crate) fn grant_awarded() -> GroupEvent {
    GroupEvent::GrantAwarded {
        grant_id: id(500),
        scheme: GrantScheme::Blps,
        scheme_name: String::new(),
        amount: Rupiah(20_000_000),
        awarded_on: date("2026-01-20"),
        conditions: vec!["business plan adopted".to_owned()],
        reference: "SK 12/2026".to_owned(),
    }
}

pub(crate) fn tranche(amount: i64, remaining: i64) -> GroupEvent {
    GroupEvent::TrancheDisbursed {
        grant_id: id(500),
        number: 1,
        amount: Rupiah(amount),
        disbursed_on: date("2026-01-25"),
        reference: "TRF-1".to_owned(),
        remaining: Rupiah(remaining),
        account_number: "0123456789".to_owned(),
    }
}

/// A report for `month` with the profit split evenly-ish into all three parts.
pub(crate) fn report(month: &str, revenue: i64, costs: i64, capital: i64) -> ProgressReport {
    let profit = revenue - costs;
    let split = if profit > 0 {
        let iks = profit / 10;
        let welfare = profit / 5;
        ProfitSplit {
            capital: Rupiah(profit - iks - welfare),
            member_welfare: Rupiah(welfare),
            iks: Rupiah(iks),
        }
    } else {
        ProfitSplit::default()
    };
    ProgressReport {
        month: Month::parse(month).unwrap(),
        revenue: Rupiah(revenue),
        costs: Rupiah(costs),
        profit: Rupiah(profit),
        capital: Rupiah(capital),
        split,
        reported_on: date(&format!("{month}-28")),
        note: String::new(),
    }
}

/// Everything a Tumbuh group shows before moving to Berkembang.
pub(crate) fn ready_for_berkembang() -> Vec<GroupEvent> {
    let mut events = formed();
    events.extend([
        board_elected(),
        facilitator_assigned(),
        account_recorded(),
        grant_awarded(),
        tranche(10_000_000, 10_000_000),
        GroupEvent::ProgressReported(report("2026-02", 3_000_000, 2_000_000, 10_500_000)),
    ]);
    events
}

/// A proposal by `who` to move to `to`, scoring each criterion `score`.
pub(crate) fn propose(to: Stage, score: u8, who: &str) -> GroupCommand {
    GroupCommand::ProposeStageChange {
        proposal_id: id(700),
        to,
        assessment: Assessment {
            assessor: "pendamping-7".to_owned(),
            assessed_on: date("2026-03-01"),
            evidence: "field visit, cash book, bank statement".to_owned(),
            scores: to
                .criteria()
                .iter()
                .map(|c| CriterionScore {
                    criterion: *c,
                    score,
                    note: String::new(),
                })
                .collect(),
        },
        proposed_by: who.to_owned(),
        proposed_on: date("2026-03-02"),
    }
}

/// One event of every kind, for codec round trips.
pub(crate) fn every_group_event() -> Vec<GroupEvent> {
    let mut events = ready_for_berkembang();
    events.extend([
        GroupEvent::MemberJoined {
            household_id: id(6),
            joined_on: date("2026-02-01"),
        },
        GroupEvent::MemberLeft {
            household_id: id(1),
            left_on: date("2026-03-01"),
            reason: LeaveReason::Moved,
            note: "moved to Sidoarjo".into(),
            handovers: vec![(BoardSeat::Chair, id(4))],
        },
        GroupEvent::MeetingRecorded {
            held_on: date("2026-02-05"),
            attendees: vec![id(1), id(2)],
            notes: "monthly meeting".into(),
        },
        GroupEvent::BusinessPlanAdopted(BusinessPlan {
            version: 1,
            adopted_on: date("2026-01-15"),
            summary: "goat fattening".into(),
            products: "goats".into(),
            capital_required: Rupiah(20_000_000),
            target_monthly_revenue: Rupiah(4_000_000),
        }),
        GroupEvent::IksShared {
            amount: Rupiah(100_000),
            shared_on: date("2026-04-01"),
            recipients: "two widows".into(),
            recipient_household_ids: vec![id(77)],
        },
        GroupEvent::StageChangeApproved {
            proposal_id: id(700),
            to: Stage::Berkembang,
            approved_by: "supervisor-1".into(),
            approved_on: date("2026-03-05"),
            note: "ok".into(),
        },
        GroupEvent::StageChangeRejected {
            proposal_id: id(701),
            rejected_by: "supervisor-1".into(),
            rejected_on: date("2026-03-05"),
            reason: "not yet".into(),
        },
        GroupEvent::Dissolved {
            dissolved_on: date("2026-12-01"),
            reason: "members moved".into(),
        },
    ]);
    let GroupCommand::ProposeStageChange {
        proposal_id,
        to,
        assessment,
        proposed_by,
        proposed_on,
        ..
    } = propose(Stage::Berkembang, 80, "pendamping-7")
    else {
        unreachable!()
    };
    events.push(GroupEvent::StageChangeProposed {
        proposal_id,
        from: Stage::Tumbuh,
        to,
        assessment,
        proposed_by,
        proposed_on,
    });
    events
}

pub(crate) fn rule_field(error: DomainError) -> String {
    match error {
        DomainError::Rule { field, .. } | DomainError::AlreadyExists { field, .. } => field,
        DomainError::Invalid(v) => v[0].field.clone(),
        other => panic!("unexpected {other:?}"),
    }
}

pub(crate) fn leave(n: u128, successor: Option<u128>, on: &str) -> GroupCommand {
    GroupCommand::RemoveMember {
        household_id: id(n),
        reason: LeaveReason::Moved,
        left_on: date(on),
        note: String::new(),
        successor: successor.map(id),
    }
}

pub(crate) fn disburse(amount: i64) -> GroupCommand {
    GroupCommand::DisburseTranche {
        grant_id: id(500),
        amount: Rupiah(amount),
        disbursed_on: date("2026-02-01"),
        reference: "TRF-2".into(),
    }
}

pub(crate) fn awarded_with_account() -> Vec<GroupEvent> {
    let mut history = formed();
    history.extend([account_recorded(), grant_awarded()]);
    history
}

pub(crate) fn report_command(revenue: i64, costs: i64, split: (i64, i64, i64)) -> GroupCommand {
    GroupCommand::ReportProgress {
        month: Month::parse("2026-02").unwrap(),
        revenue: Rupiah(revenue),
        costs: Rupiah(costs),
        capital: Rupiah(10_000_000),
        split: ProfitSplit {
            capital: Rupiah(split.0),
            member_welfare: Rupiah(split.1),
            iks: Rupiah(split.2),
        },
        reported_on: date("2026-03-01"),
        note: String::new(),
    }
}

impl KubeGroup {
    pub(crate) fn from_events_for_test(events: &[GroupEvent]) -> KubeGroup {
        <KubeGroup as berdaya_domain::Aggregate>::from_events(events.iter())
    }
}

pub(crate) fn proposed(who: &str) -> Vec<GroupEvent> {
    let mut history = ready_for_berkembang();
    history.extend(
        Given::<KubeGroup>::new(history.clone())
            .when(&propose(Stage::Berkembang, 80, who))
            .events(),
    );
    history
}

pub(crate) fn approve(who: &str) -> GroupCommand {
    GroupCommand::ApproveStageChange {
        proposal_id: id(700),
        approved_by: who.into(),
        approved_on: date("2026-03-05"),
        note: "verified on site".into(),
    }
}

/// Household 5 left: the group of five now has four members, one below the minimum.
pub(crate) fn below_minimum(mut history: Vec<GroupEvent>) -> Vec<GroupEvent> {
    history.push(GroupEvent::MemberLeft {
        household_id: id(5),
        left_on: date("2026-02-20"),
        reason: LeaveReason::Resigned,
        note: String::new(),
        handovers: vec![],
    });
    history
}

pub(crate) fn session(facts: HouseholdFacts) -> SupportCommand {
    SupportCommand::RecordSession {
        household: facts,
        session: Session {
            session_id: id(800),
            kind: SupportKind::EntrepreneurshipTraining,
            held_on: date("2026-02-10"),
            provider: "Dinas Sosial Kota Surabaya".into(),
            topic: "pembukuan sederhana".into(),
            hours: 4,
            notes: String::new(),
        },
    }
}

pub(crate) fn apprenticeship(starts: &str, ends: &str) -> SupportCommand {
    SupportCommand::StartApprenticeship {
        household: active(1),
        apprenticeship: Apprenticeship {
            apprenticeship_id: id(810),
            host_business: "Bengkel Las Maju Jaya".into(),
            trade: "welding".into(),
            starts_on: date(starts),
            ends_on: date(ends),
            ended: None,
        },
    }
}
