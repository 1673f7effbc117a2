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
use crate::grpc::{CATEGORY, stream_id};

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
            households: AggregateStore::new(store, vault, HouseholdCodec, CATEGORY),
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

    /// Fills in the standing of every household a command names.
    ///
    /// # Errors
    /// As [`Registry::standing`].
    pub async fn resolve<'a>(
        &self,
        refs: impl IntoIterator<Item = &'a mut HouseholdRef>,
    ) -> Result<(), Status> {
        for household in refs {
            household.standing = self.standing(household.household_id).await?;
        }
        Ok(())
    }

    /// The village of a registered household, for authorisation; `NOT_FOUND` naming
    /// `household_id` when there is no such household.
    ///
    /// # Errors
    /// `NOT_FOUND`, `UNAVAILABLE` or `INTERNAL`.
    pub async fn village_of(&self, household_id: Uuid) -> Result<String, Status> {
        match self.standing(household_id).await? {
            Standing::Unknown => Err(Status::not_found(format!(
                "household {household_id} not found"
            ))),
            standing => Ok(standing
                .village()
                .map(ToString::to_string)
                .unwrap_or_default()),
        }
    }
}
