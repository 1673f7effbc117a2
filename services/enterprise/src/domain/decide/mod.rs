//! The KUBE group's rules: what each command may do in the current state.

mod finance;
mod membership;
mod stage;

use berdaya_domain::{DomainError, not_before};
use chrono::NaiveDate;

use super::commands::GroupCommand;
use super::events::GroupEvent;
use super::policy::GroupPolicy;
use super::state::{GroupStatus, KubeGroup};

/// Decides a command against a group's state under the configured rules.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
    rules: &GroupPolicy,
) -> Result<Vec<GroupEvent>, DomainError> {
    use GroupCommand as C;
    if let C::Form { .. } = command {
        return membership::form(state, command);
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
        C::AddMember { .. }
        | C::RemoveMember { .. }
        | C::ElectBoard { .. }
        | C::AssignFacilitator { .. }
        | C::RecordMeeting { .. }
        | C::Dissolve { .. } => membership::decide(state, command),
        C::AdoptBusinessPlan { .. }
        | C::RecordAccount(_)
        | C::AwardGrant { .. }
        | C::DisburseTranche { .. }
        | C::ReportProgress { .. }
        | C::ShareIks { .. } => finance::decide(state, command),
        C::ProposeStageChange { .. }
        | C::ApproveStageChange { .. }
        | C::RejectStageChange { .. } => stage::decide(state, command),
    }
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
