//! The support record's rules: one file per command, each with its given/when/then
//! tests; this file routes a command to its rule and holds the check the commands about
//! a household share.

mod end_apprenticeship;
mod record_session;
mod record_visit;
mod start_apprenticeship;

use berdaya_domain::DomainError;

use super::{Support, SupportCommand, SupportEvent, unknown_household};
use crate::domain::{HouseholdFacts, Standing};

/// Decides a command against a household's support record.
pub(super) fn decide(
    state: &Support,
    command: &SupportCommand,
) -> Result<Vec<SupportEvent>, DomainError> {
    match command {
        SupportCommand::RecordSession { household, session } => {
            record_session::decide(household, session)
        }
        SupportCommand::StartApprenticeship {
            household,
            apprenticeship,
        } => start_apprenticeship::decide(state, household, apprenticeship),
        SupportCommand::EndApprenticeship {
            apprenticeship_id,
            ended_on,
            outcome,
            notes,
        } => end_apprenticeship::decide(state, *apprenticeship_id, *ended_on, *outcome, notes),
        SupportCommand::RecordVisit { household, visit } => record_visit::decide(household, visit),
    }
}

/// Individual support is for active registry households outside any active group:
/// members of a group are supported through it.
pub(super) fn outside_any_group(facts: &HouseholdFacts) -> Result<(), DomainError> {
    let id = facts.household_id;
    match &facts.standing {
        Standing::Unknown => Err(unknown_household(id)),
        Standing::Closed => Err(DomainError::rule(
            "household_id",
            format!("household {id} is closed in the registry"),
        )),
        Standing::Active {
            group: Some(group), ..
        } => Err(DomainError::rule(
            "household_id",
            format!(
                "household {id} is a member of KUBE group {group}; individual support is for households outside a group"
            ),
        )),
        Standing::Active { group: None, .. } => Ok(()),
    }
}
