//! What a savings decision writes besides its events: the claim that keeps one open
//! account per holder (released on closing), the entry in the index of accounts by
//! household, and the region the stream is listed under.

use berdaya_domain::DomainError;
use berdaya_eventstore::{EventStore, IndexEntry, UniqueKey};
use berdaya_platform::aggregate_store::SideEffects;
use berdaya_platform::grpc_error::{domain_status, store_status};
use tonic::Status;
use uuid::Uuid;

use super::{CATEGORY, HOLDER_SCOPE, HOUSEHOLD_INDEX};
use crate::savings::domain::{SavingsAccount, SavingsCommand, SavingsEvent};

/// The unique claim of an account's holder: the household, or one of its members.
fn holder_key(household: Uuid, member: Option<Uuid>) -> UniqueKey {
    UniqueKey {
        scope: HOLDER_SCOPE.to_owned(),
        key: match member {
            Some(member) => format!("{household}/{member}"),
            None => household.to_string(),
        },
    }
}

/// Refuses to open a second account for a holder that has an open one (the claim
/// written with the opening settles races; this check names the account).
pub(super) async fn holder_is_free(
    store: &dyn EventStore,
    stream: &str,
    command: &SavingsCommand,
) -> Result<(), Status> {
    let SavingsCommand::Open {
        household,
        member_id,
        ..
    } = command
    else {
        return Ok(());
    };
    let key = holder_key(household.household_id, *member_id);
    let owner = store
        .unique_owner(&key)
        .await
        .map_err(|e| store_status(&e))?;
    match owner {
        Some(owner) if owner != stream => {
            let (field, who) = match member_id {
                Some(_) => ("member_id", "the member"),
                None => ("household_id", "the household"),
            };
            let account = owner
                .strip_prefix(CATEGORY)
                .and_then(|rest| rest.strip_prefix('-'))
                .unwrap_or(&owner);
            Err(domain_status(&DomainError::already_exists(
                field,
                format!("{who} already has an open savings account ({account})"),
            )))
        }
        _ => Ok(()),
    }
}

/// The claim of the holder on opening (released on closing), the household index entry,
/// and the region the stream is listed under.
pub(super) fn side_effects(events: &[SavingsEvent], after: &SavingsAccount) -> SideEffects {
    let mut effects = SideEffects {
        region: after.village.as_ref().map(ToString::to_string),
        ..SideEffects::default()
    };
    for event in events {
        match event {
            SavingsEvent::Opened {
                household_id,
                member_id,
                ..
            } => {
                let field = if member_id.is_some() {
                    "member_id"
                } else {
                    "household_id"
                };
                effects
                    .claims
                    .push((holder_key(*household_id, *member_id), field.to_owned()));
                effects.index = Some(vec![IndexEntry {
                    index: HOUSEHOLD_INDEX.to_owned(),
                    key: household_id.to_string(),
                }]);
            }
            SavingsEvent::Closed { .. } => {
                if let Some(household) = after.household_id {
                    effects
                        .releases
                        .push(holder_key(household, after.member_id));
                }
            }
            _ => {}
        }
    }
    effects
}
