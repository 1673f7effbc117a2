//! The facts one aggregate's commands need from another, or from another context's
//! records, looked up as the caller may know them: a record outside the caller's
//! regions is looked up as one never heard of, so no answer reveals that it exists.

use std::sync::Arc;

use berdaya_domain::id::RegionCode;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::grpc_error::{command_status, internal, store_status};
use tonic::Status;
use uuid::Uuid;

use super::{
    CERTIFICATE_CATEGORY, CERTIFICATE_HOLDER_INDEX, COHORT_CATEGORY, Inner, PERSON_CATEGORY,
    PROGRAMME_CATEGORY, VOCABULARY_STREAM, stream,
};
use crate::domain::facts::{
    CertificateFacts, CompletionFacts, CompletionOutcome, HouseholdFacts, HouseholdStanding,
    PersonFacts, PersonStanding, ProgrammeFacts, TermFacts,
};
use crate::domain::person::PersonStatus;
use crate::domain::{Certificate, Person, Vocabulary};
use crate::views;

/// Most certificates one person is looked up with.
const MAX_CERTIFICATES: i64 = 1000;

/// The region a person is filed under: their placement's, empty for the whole country.
pub(crate) fn person_region(person: &Person) -> Option<String> {
    (person.status != PersonStatus::Unregistered).then(|| {
        person
            .placement
            .as_ref()
            .and_then(|p| p.region.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default()
    })
}

impl Inner {
    /// A person as stored, when the caller may see them.
    pub(crate) async fn visible_person(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<Option<Arc<Loaded<Person>>>, Status> {
        let loaded = self
            .people
            .load(&stream(PERSON_CATEGORY, id))
            .await
            .map_err(command_status)?;
        Ok(person_region(&loaded.state)
            .is_some_and(|region| principal.sees(&region))
            .then_some(loaded))
    }

    /// What other aggregates need to know of a person.
    pub(crate) async fn person_facts(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<PersonFacts, Status> {
        Ok(match self.visible_person(principal, id).await? {
            Some(loaded) => loaded.state.facts(id),
            None => PersonFacts {
                person_id: id,
                standing: PersonStanding::Unknown,
            },
        })
    }

    /// What the rules need to know of a registry household, from the local view.
    pub(crate) async fn household_facts(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<HouseholdFacts, Status> {
        let row = views::HOUSEHOLDS
            .get(&self.views, id)
            .await
            .map_err(|e| store_status(&e))?
            .filter(|row| principal.sees(&row.village_code));
        let standing = match row {
            None => HouseholdStanding::Unknown,
            Some(row) if !row.active => HouseholdStanding::Closed,
            Some(row) => HouseholdStanding::Active {
                village: RegionCode::parse(&row.village_code).map_err(internal)?,
            },
        };
        Ok(HouseholdFacts {
            household_id: id,
            standing,
        })
    }

    /// What a cohort or certificate needs to know of a programme (reference data:
    /// every caller sees every programme).
    pub(crate) async fn programme_facts(&self, id: Uuid) -> Result<ProgrammeFacts, Status> {
        let loaded = self
            .programmes
            .load(&stream(PROGRAMME_CATEGORY, id))
            .await
            .map_err(command_status)?;
        Ok(loaded.state.facts(id))
    }

    /// Every certificate a person holds, with its id.
    pub(crate) async fn certificates_of(
        &self,
        holder: Uuid,
    ) -> Result<Vec<(Uuid, Arc<Loaded<Certificate>>)>, Status> {
        let key = holder.to_string();
        let hits = self
            .events()
            .find_streams(CERTIFICATE_HOLDER_INDEX, &key, &key, None, MAX_CERTIFICATES)
            .await
            .map_err(|e| store_status(&e))?;
        let mut found = Vec::with_capacity(hits.len());
        for hit in hits {
            let loaded = self
                .certificates
                .load(&hit.stream_id)
                .await
                .map_err(command_status)?;
            if let Some(id) = loaded.state.id {
                found.push((id, loaded));
            }
        }
        Ok(found)
    }

    /// The facts of every certificate a person holds.
    pub(crate) async fn certificate_facts(
        &self,
        holder: Uuid,
    ) -> Result<Vec<CertificateFacts>, Status> {
        Ok(self
            .certificates_of(holder)
            .await?
            .iter()
            .filter_map(|(_, loaded)| loaded.state.facts())
            .collect())
    }

    /// Whether a person completed a cohort, as the caller may know the cohort.
    pub(crate) async fn completion_facts(
        &self,
        principal: &Principal,
        cohort_id: Uuid,
        person_id: Uuid,
    ) -> Result<CompletionFacts, Status> {
        let loaded = self
            .cohorts
            .load(&stream(COHORT_CATEGORY, cohort_id))
            .await
            .map_err(command_status)?;
        let visible = loaded
            .state
            .region
            .as_ref()
            .is_some_and(|region| principal.sees(region.as_str()));
        if !visible {
            return Ok(CompletionFacts {
                cohort_id,
                programme_id: Uuid::nil(),
                person_id,
                outcome: CompletionOutcome::UnknownCohort,
            });
        }
        Ok(loaded.state.completion_of(cohort_id, person_id))
    }

    /// The vocabulary as it stands.
    pub(crate) async fn vocabulary(&self) -> Result<Arc<Loaded<Vocabulary>>, Status> {
        self.vocabulary
            .load(VOCABULARY_STREAM)
            .await
            .map_err(command_status)
    }

    /// The standing of each vocabulary term.
    pub(crate) async fn term_facts(&self, ids: &[Uuid]) -> Result<Vec<TermFacts>, Status> {
        let vocabulary = self.vocabulary().await?;
        Ok(ids.iter().map(|id| vocabulary.state.facts(*id)).collect())
    }

    /// The stream id prefix of certificates (`certificate-`).
    pub(crate) fn certificate_stream(id: Uuid) -> String {
        stream(CERTIFICATE_CATEGORY, id)
    }
}
