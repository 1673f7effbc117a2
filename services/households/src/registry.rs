//! Read access to the households registry for the other aggregates of the context:
//! participation activities and savings accounts share the households event store and
//! look households up here, through the same cached aggregate loading as every command.

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::AggregateStore;
use berdaya_platform::grpc_error::command_status;
use tonic::Status;
use uuid::Uuid;

use crate::codec::HouseholdCodec;
use crate::domain::{Household, HouseholdRef, Standing};
use crate::grpc::{household_not_found, stream_id};
use berdaya_platform::Principal;

/// Looks households up in the registry.
pub struct Registry {
    households: AggregateStore<Household, HouseholdCodec>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").finish_non_exhaustive()
    }
}

impl Registry {
    /// The registry in `store` (the households event store).
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>) -> Self {
        Self {
            households: AggregateStore::new(store, vault, HouseholdCodec),
        }
    }

    /// A household's standing.
    ///
    /// # Errors
    /// `UNAVAILABLE` or `INTERNAL` when the store fails.
    pub async fn standing(&self, household_id: Uuid) -> Result<Standing, Status> {
        let loaded = self
            .households
            .load(&stream_id(household_id))
            .await
            .map_err(command_status)?;
        Ok(Standing::of(&loaded.state))
    }

    /// A household's standing as `principal` may know it: [`Standing::Unknown`] for a
    /// household outside the principal's regions, exactly as for one never registered,
    /// so that a command naming it is refused without revealing that it exists.
    ///
    /// # Errors
    /// As [`Registry::standing`].
    pub async fn standing_for(
        &self,
        principal: &Principal,
        household_id: Uuid,
    ) -> Result<Standing, Status> {
        let standing = self.standing(household_id).await?;
        let inside = standing
            .village()
            .is_some_and(|v| principal.sees(v.as_str()));
        Ok(if inside { standing } else { Standing::Unknown })
    }

    /// Fills in the standing of every household a command names, as `principal` may know
    /// it (see [`Registry::standing_for`]).
    ///
    /// # Errors
    /// As [`Registry::standing`].
    pub async fn resolve<'a>(
        &self,
        principal: &Principal,
        refs: impl IntoIterator<Item = &'a mut HouseholdRef>,
    ) -> Result<(), Status> {
        for household in refs {
            household.standing = self.standing_for(principal, household.household_id).await?;
        }
        Ok(())
    }

    /// The village of a registered household inside `principal`'s regions, for
    /// authorisation.
    ///
    /// # Errors
    /// `NOT_FOUND` when there is no such household or it lies outside the principal's
    /// regions (the same answer: see [`household_not_found`]); `UNAVAILABLE` or `INTERNAL`.
    pub async fn village_of(
        &self,
        principal: &Principal,
        household_id: Uuid,
    ) -> Result<String, Status> {
        match self.standing_for(principal, household_id).await? {
            Standing::Unknown => Err(household_not_found(household_id)),
            standing => Ok(standing
                .village()
                .map(ToString::to_string)
                .unwrap_or_default()),
        }
    }
}
