//! Each mutating request: its RPC name, where its context and aggregate id are, and how
//! it becomes a domain command once every field is valid. Facts about member
//! households are left `Unknown` here and filled in by the service after validation
//! (see `commands.rs`), so that no lookup runs for a malformed request.

mod finance;
mod membership;
mod stage;
mod support;

use uuid::Uuid;

use crate::domain::{GroupCommand, HouseholdFacts, Standing, SupportCommand};

/// A household whose standing is still to be looked up.
fn unknown(household_id: Uuid) -> HouseholdFacts {
    HouseholdFacts {
        household_id,
        standing: Standing::Unknown,
    }
}

/// The household facts a command carries, to fill in after validation.
pub(super) fn group_facts_mut(command: &mut GroupCommand) -> Vec<&mut HouseholdFacts> {
    match command {
        GroupCommand::Form { members, .. } => members.iter_mut().collect(),
        GroupCommand::AddMember { household, .. } => vec![household],
        _ => Vec::new(),
    }
}

/// The household facts a support command carries, to fill in after validation.
pub(super) fn support_facts_mut(command: &mut SupportCommand) -> Option<&mut HouseholdFacts> {
    match command {
        SupportCommand::RecordSession { household, .. }
        | SupportCommand::StartApprenticeship { household, .. }
        | SupportCommand::RecordVisit { household, .. } => Some(household),
        SupportCommand::EndApprenticeship { .. } => None,
    }
}
