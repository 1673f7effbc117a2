//! The KUBE group's rules: one file per command, each with its given/when/then tests.
//! This file routes a command to its rule under the configured [`GroupPolicy`] and holds
//! the status gate every command but Form passes, and the checks several commands share.

mod add_member;
mod adopt_business_plan;
mod approve_stage_change;
mod assign_facilitator;
mod award_grant;
mod disburse_tranche;
mod dissolve;
mod elect_board;
mod form;
mod propose_stage_change;
mod record_account;
mod record_meeting;
mod reject_stage_change;
mod remove_member;
mod report_progress;
mod share_iks;

use berdaya_domain::error::Violations;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{DomainError, Rupiah, not_before};
use chrono::NaiveDate;
use uuid::Uuid;

use super::commands::GroupCommand;
use super::events::GroupEvent;
use super::policy::GroupPolicy;
use super::state::{GroupStatus, KubeGroup, Proposal};
use super::{BoardSeat, HouseholdFacts, Standing};

/// Decides a command against a group's state under the configured rules.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
    rules: &GroupPolicy,
) -> Result<Vec<GroupEvent>, DomainError> {
    use GroupCommand as C;
    if let C::Form { .. } = command {
        return form::decide(state, command, rules);
    }
    match state.status {
        GroupStatus::Unformed => return Err(DomainError::not_found("kube group")),
        GroupStatus::Dissolved => {
            return Err(DomainError::rule("group_id", "the group is dissolved"));
        }
        GroupStatus::Active => {}
    }
    if matches!(
        command,
        C::DisburseTranche { .. } | C::ProposeStageChange { .. } | C::ApproveStageChange { .. }
    ) {
        at_least_minimum(state, rules)?;
    }
    match command {
        C::Form { .. } => Err(DomainError::rule("group_id", "the group is already formed")),
        C::AddMember { .. } => add_member::decide(state, command, rules),
        C::RemoveMember { .. } => remove_member::decide(state, command),
        C::ElectBoard { .. } => elect_board::decide(state, command),
        C::AssignFacilitator { .. } => assign_facilitator::decide(state, command),
        C::RecordMeeting { .. } => record_meeting::decide(state, command),
        C::Dissolve { .. } => dissolve::decide(state, command),
        C::AdoptBusinessPlan { .. } => adopt_business_plan::decide(state, command),
        C::RecordAccount(_) => record_account::decide(state, command),
        C::AwardGrant { .. } => award_grant::decide(state, command),
        C::DisburseTranche { .. } => disburse_tranche::decide(state, command),
        C::ReportProgress { .. } => report_progress::decide(state, command),
        C::ShareIks { .. } => share_iks::decide(state, command),
        C::ProposeStageChange { .. } => propose_stage_change::decide(state, command, rules),
        C::ApproveStageChange { .. } => approve_stage_change::decide(state, command),
        C::RejectStageChange { .. } => reject_stage_change::decide(state, command),
    }
}

/// What a command's rule answers when it is handed another command: the router never
/// does that, so this only keeps each rule total without a panic.
fn not_this(_: &GroupCommand) -> DomainError {
    DomainError::rule("", "not a command this rule decides")
}

/// A group that fell below the minimum membership (members left) keeps its history and
/// may take members again, but receives no grant money and changes no stage until it is
/// back at the minimum: a KUBE is a joint business of at least that many households.
fn at_least_minimum(state: &KubeGroup, rules: &GroupPolicy) -> Result<(), DomainError> {
    let members = state.member_count();
    if members < rules.min_members {
        return Err(DomainError::rule(
            "group_id",
            format!(
                "the group has {members} active members, fewer than the minimum of {}: \
                 add members before disbursing grant money or changing its stage",
                rules.min_members
            ),
        ));
    }
    Ok(())
}

/// Refuses a date before the group was formed.
fn not_before_formation(
    state: &KubeGroup,
    field: &str,
    date: NaiveDate,
) -> Result<(), DomainError> {
    not_before(field, date, state.formed_on, "the group was formed")
}

/// May this household join a group of `village`? Known, open, of the village (when the
/// policy says so) and in no other active group (likewise).
fn eligible(
    facts: &HouseholdFacts,
    field: &str,
    village: &RegionCode,
    group: Uuid,
    policy: &GroupPolicy,
) -> Result<(), DomainError> {
    let id = facts.household_id;
    match &facts.standing {
        Standing::Unknown => Err(DomainError::rule(
            field,
            format!(
                "household {id} is not known to the enterprise service: it is not registered, or its registration has not arrived yet"
            ),
        )),
        Standing::Closed => Err(DomainError::rule(
            field,
            format!("household {id} is closed in the registry"),
        )),
        Standing::Active {
            village: home,
            group: current,
        } => {
            if policy.members_from_group_village && home != village {
                return Err(DomainError::rule(
                    field,
                    format!(
                        "household {id} lives in village {home}, not in the group's village {village}"
                    ),
                ));
            }
            match current {
                Some(other) if policy.one_active_group_per_household && *other != group => {
                    Err(DomainError::already_exists(
                        field,
                        format!("household {id} is already a member of active KUBE group {other}"),
                    ))
                }
                _ => Ok(()),
            }
        }
    }
}

fn active_member(state: &KubeGroup, field: &str, id: Uuid) -> Result<(), DomainError> {
    if state.active_member(id).is_some() {
        Ok(())
    } else {
        Err(DomainError::rule(
            field,
            format!("household {id} is not an active member of the group"),
        ))
    }
}

/// A seat passes to another active member who holds no seat yet.
fn successor_may_take(state: &KubeGroup, leaver: Uuid, successor: Uuid) -> Result<(), DomainError> {
    let field = "successor_household_id";
    if successor == leaver {
        return Err(DomainError::rule(
            field,
            "must be another member than the one leaving",
        ));
    }
    active_member(state, field, successor)?;
    if let Some(seat) = state.board.seats_of(successor).first() {
        return Err(DomainError::rule(
            field,
            format!(
                "household {successor} already holds the {} seat; one member holds one seat",
                BoardSeat::name(*seat)
            ),
        ));
    }
    Ok(())
}

/// Records `field` unless `amount` is 0 to [`Rupiah::MAX`].
fn in_bounds(v: &mut Violations, field: &str, amount: Rupiah) {
    if let Err(violation) = Rupiah::bounded(amount.0, 0) {
        v.push(violation.under(field));
    }
}

/// Refuses an amount unless it is 1 to [`Rupiah::MAX`].
fn positive(field: &str, amount: Rupiah) -> Result<(), DomainError> {
    Rupiah::bounded(amount.0, 1)
        .map(drop)
        .map_err(|violation| DomainError::Invalid(vec![violation.under(field)]))
}

/// The pending proposal `id`, which `decider` may decide: maker-checker means the
/// proposer never decides their own proposal.
fn pending<'a>(state: &'a KubeGroup, id: Uuid, decider: &str) -> Result<&'a Proposal, DomainError> {
    let pending = state
        .pending_proposal()
        .ok_or_else(|| DomainError::rule("proposal_id", "no stage change is pending"))?;
    if pending.proposal_id != id {
        return Err(DomainError::rule(
            "proposal_id",
            format!("{id} is not the pending proposal ({})", pending.proposal_id),
        ));
    }
    if pending.proposed_by == decider {
        return Err(DomainError::rule(
            "proposal_id",
            "the proposer cannot decide their own proposal (maker-checker): another supervisor must",
        ));
    }
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_group_below_the_minimum_gets_no_tranche_and_no_stage_change() {
        let refused = |history: Vec<GroupEvent>, command: GroupCommand| {
            let error = Given::<KubeGroup>::new(below_minimum(history))
                .when(&command)
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { field, reason }
                    if field == "group_id" && reason.contains("4 active members, fewer than the minimum of 5")),
                "{error:?}"
            );
        };
        let mut awarded = formed();
        awarded.extend([account_recorded(), grant_awarded()]);
        refused(
            awarded,
            GroupCommand::DisburseTranche {
                grant_id: id(500),
                amount: Rupiah(1_000_000),
                disbursed_on: date("2026-03-01"),
                reference: "TRF-9".into(),
            },
        );
        refused(
            ready_for_berkembang(),
            propose(Stage::Berkembang, 80, "pendamping-7"),
        );
        refused(
            proposed("pendamping-7"),
            GroupCommand::ApproveStageChange {
                proposal_id: id(700),
                approved_by: "supervisor-1".into(),
                approved_on: date("2026-03-03"),
                note: String::new(),
            },
        );

        // A province with a lower minimum lets the same group go on.
        let lenient = GroupPolicy {
            min_members: 4,
            ..GroupPolicy::default()
        };
        let events = Given::<KubeGroup>::new(below_minimum(ready_for_berkembang()))
            .with_rules(lenient)
            .when(&propose(Stage::Berkembang, 80, "pendamping-7"))
            .events();
        assert_eq!(events.len(), 1);

        // Back at the minimum, it may again.
        let mut history = below_minimum(ready_for_berkembang());
        history.push(GroupEvent::MemberJoined {
            household_id: id(6),
            joined_on: date("2026-02-25"),
        });
        let events = Given::<KubeGroup>::new(history)
            .when(&propose(Stage::Berkembang, 80, "pendamping-7"))
            .events();
        assert_eq!(events.len(), 1);
    }
}
