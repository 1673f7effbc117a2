//! Groups, support records and index rows as the API shows them.

use berdaya_platform::RegionDirectory;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::codec::{assessment_pb, text_date};
use crate::convert;
use crate::domain::{
    GroupPolicy, GroupStatus, KubeGroup, ProfitSplit, ProposalStatus, Support, health,
};
use crate::views::groups::GroupRow;

fn opt_date(date: Option<NaiveDate>) -> String {
    date.map(text_date).unwrap_or_default()
}

fn opt_id(id: Option<Uuid>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn split(split: &ProfitSplit) -> pb::ProfitSplit {
    pb::ProfitSplit {
        capital: split.capital.0,
        member_welfare: split.member_welfare.0,
        iks: split.iks.0,
    }
}

fn status(dissolved: bool) -> i32 {
    if dissolved {
        pb::GroupStatus::Dissolved as i32
    } else {
        pb::GroupStatus::Active as i32
    }
}

/// The API view of a group at `version`, with its health on `today`.
pub(super) fn group(
    state: &KubeGroup,
    version: i64,
    today: NaiveDate,
    policy: &GroupPolicy,
    regions: &RegionDirectory,
) -> pb::KubeGroup {
    let village = state
        .village
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let h = health(state, today, policy);
    let dissolved = state.status == GroupStatus::Dissolved;
    pb::KubeGroup {
        group_id: opt_id(state.id),
        version,
        status: status(dissolved),
        name: state.name.clone(),
        village_name: regions.name(&village).unwrap_or_default().to_owned(),
        village_code: village,
        business_type: state
            .business_type
            .map_or(0, |b| convert::business_type_pb(b) as i32),
        sector: state.sector.clone(),
        formed_on: opt_date(state.formed_on),
        stage: convert::stage_pb(state.stage) as i32,
        facilitator_id: state.facilitator.clone().unwrap_or_default(),
        members: state
            .members
            .iter()
            .map(|m| pb::GroupMember {
                household_id: m.household_id.to_string(),
                joined_on: text_date(m.joined_on),
                active: m.active(),
                left_on: opt_date(m.left_on),
                leave_reason: m
                    .leave_reason
                    .map_or(0, |r| convert::leave_reason_pb(r) as i32),
                seat: if m.active() {
                    state
                        .board
                        .seats_of(m.household_id)
                        .first()
                        .map_or(0, |s| convert::board_seat_pb(*s) as i32)
                } else {
                    0
                },
            })
            .collect(),
        board: Some(pb::Board {
            chair_household_id: opt_id(state.board.chair),
            secretary_household_id: opt_id(state.board.secretary),
            treasurer_household_id: opt_id(state.board.treasurer),
            elected_on: opt_date(state.board.elected_on),
        }),
        business_plans: state
            .plans
            .iter()
            .map(|p| pb::BusinessPlan {
                version: i32::try_from(p.version).unwrap_or(i32::MAX),
                adopted_on: text_date(p.adopted_on),
                summary: p.summary.clone(),
                products: p.products.clone(),
                capital_required: p.capital_required.0,
                target_monthly_revenue: p.target_monthly_revenue.0,
            })
            .collect(),
        account: state.account.as_ref().map(|a| pb::GroupAccount {
            bank_name: a.bank_name.clone(),
            account_number: a.account_number.clone(),
            opened_on: text_date(a.opened_on),
        }),
        grants: state
            .grants
            .iter()
            .map(|g| pb::Grant {
                grant_id: g.grant_id.to_string(),
                scheme: convert::grant_scheme_pb(g.scheme) as i32,
                scheme_name: g.scheme_name.clone(),
                amount: g.amount.0,
                awarded_on: text_date(g.awarded_on),
                conditions: g.conditions.clone(),
                reference: g.reference.clone(),
                disbursed: g.disbursed().0,
                remaining: g.remaining().0,
                tranches: g
                    .tranches
                    .iter()
                    .map(|t| pb::Tranche {
                        number: i32::try_from(t.number).unwrap_or(i32::MAX),
                        amount: t.amount.0,
                        disbursed_on: text_date(t.disbursed_on),
                        reference: t.reference.clone(),
                        account_number: t.account_number.clone(),
                    })
                    .collect(),
            })
            .collect(),
        reports: state
            .reports
            .iter()
            .map(|r| pb::ProgressReport {
                month: r.month.to_string(),
                revenue: r.revenue.0,
                costs: r.costs.0,
                profit: r.profit.0,
                capital: r.capital.0,
                split: Some(split(&r.split)),
                reported_on: text_date(r.reported_on),
                note: r.note.clone(),
            })
            .collect(),
        iks: Some(pb::IksLedger {
            collected: state.iks_collected().0,
            shared: state.iks_shared.0,
            balance: state.iks_balance().0,
        }),
        proposals: state.proposals.iter().map(proposal).collect(),
        meetings: state
            .meetings
            .iter()
            .map(|m| pb::Meeting {
                held_on: text_date(m.held_on),
                attendee_household_ids: m.attendees.iter().map(ToString::to_string).collect(),
                notes: m.notes.clone(),
            })
            .collect(),
        health: Some(pb::GroupHealth {
            inactive: h.inactive && !dissolved,
            last_activity_on: opt_date(h.last_activity),
            days_since_activity: i32::try_from(h.days_since_activity).unwrap_or(i32::MAX),
            member_count: i32::try_from(h.member_count).unwrap_or(i32::MAX),
            below_minimum_members: h.below_minimum_members,
            has_facilitator: h.has_facilitator,
            board_complete: h.board_complete,
        }),
    }
}

fn proposal(p: &crate::domain::Proposal) -> pb::StageProposal {
    let (status, decided_by, decided_on, decision_note) = match &p.status {
        ProposalStatus::Pending => (pb::ProposalStatus::Pending, "", None, ""),
        ProposalStatus::Approved { by, on, note } => (
            pb::ProposalStatus::Approved,
            by.as_str(),
            Some(*on),
            note.as_str(),
        ),
        ProposalStatus::Rejected { by, on, reason } => (
            pb::ProposalStatus::Rejected,
            by.as_str(),
            Some(*on),
            reason.as_str(),
        ),
    };
    pb::StageProposal {
        proposal_id: p.proposal_id.to_string(),
        from_stage: convert::stage_pb(p.from) as i32,
        to_stage: convert::stage_pb(p.to) as i32,
        assessment: Some(assessment_pb(&p.assessment)),
        proposed_by: p.proposed_by.clone(),
        proposed_on: text_date(p.proposed_on),
        status: status as i32,
        decided_by: decided_by.to_owned(),
        decided_on: opt_date(decided_on),
        decision_note: decision_note.to_owned(),
    }
}

/// One line of a group list; `inactive_before` is the cut-off of the inactive flag.
pub(super) fn summary(row: &GroupRow, inactive_before: NaiveDate) -> pb::GroupSummary {
    pb::GroupSummary {
        group_id: row.group_id.to_string(),
        name: row.name.clone(),
        village_code: row.village_code.clone(),
        stage: convert::stage_pb(row.stage) as i32,
        facilitator_id: row.facilitator_id.clone().unwrap_or_default(),
        status: status(row.dissolved),
        member_count: i32::try_from(row.member_count).unwrap_or(i32::MAX),
        last_activity_on: text_date(row.last_activity),
        inactive: !row.dissolved && row.last_activity < inactive_before,
    }
}

/// The API view of a household's support record.
pub(super) fn support(
    household_id: Uuid,
    state: &Support,
    version: i64,
    village_code: &str,
) -> pb::SupportRecord {
    pb::SupportRecord {
        household_id: household_id.to_string(),
        version,
        village_code: village_code.to_owned(),
        sessions: state
            .sessions
            .iter()
            .map(|s| pb::SupportSession {
                session_id: s.session_id.to_string(),
                kind: convert::support_kind_pb(s.kind) as i32,
                held_on: text_date(s.held_on),
                provider: s.provider.clone(),
                topic: s.topic.clone(),
                hours: i32::try_from(s.hours).unwrap_or(i32::MAX),
                notes: s.notes.clone(),
            })
            .collect(),
        apprenticeships: state
            .apprenticeships
            .iter()
            .map(|a| {
                let (ended_on, outcome, notes) = match &a.ended {
                    Some((on, outcome, notes)) => (
                        text_date(*on),
                        convert::outcome_pb(*outcome) as i32,
                        notes.clone(),
                    ),
                    None => (String::new(), 0, String::new()),
                };
                pb::Apprenticeship {
                    apprenticeship_id: a.apprenticeship_id.to_string(),
                    host_business: a.host_business.clone(),
                    trade: a.trade.clone(),
                    starts_on: text_date(a.starts_on),
                    ends_on: text_date(a.ends_on),
                    ended_on,
                    outcome,
                    notes,
                }
            })
            .collect(),
        mentoring_visits: state
            .visits
            .iter()
            .map(|v| pb::MentoringVisit {
                visit_id: v.visit_id.to_string(),
                facilitator_id: v.facilitator_id.clone(),
                visited_on: text_date(v.visited_on),
                notes: v.notes.clone(),
                next_steps: v.next_steps.clone(),
            })
            .collect(),
    }
}
