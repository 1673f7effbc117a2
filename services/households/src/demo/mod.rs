//! `berdaya up --demo` for the households context: a realistic East Java demo province
//! (households with members and enrolments, P2K2 and village activities with attendance,
//! savings accounts with deposits), seeded through the real service API with keys
//! derived from a fixed seed, so seeding twice records nothing new.

mod participation;
mod registry;
mod savings;

use async_trait::async_trait;
use berdaya_runtime::DemoSeed;

use crate::{HouseholdsApi, ParticipationApi, SavingsApi};

/// The households context's demo seeding.
#[derive(Debug, Clone)]
pub(crate) struct Demo {
    pub(crate) households: HouseholdsApi,
    pub(crate) participation: ParticipationApi,
    pub(crate) savings: SavingsApi,
}

#[async_trait]
impl DemoSeed for Demo {
    async fn seed(&self) -> anyhow::Result<String> {
        let households = registry::seed(&self.households).await?;
        let activities = participation::seed(&self.households, &self.participation).await?;
        let saved = savings::seed(&self.households, &self.savings).await?;
        Ok(format!(
            "demo province seeded: {households} households\ndemo participation seeded: {activities}\ndemo savings seeded: {saved}"
        ))
    }
}
