//! The `berdaya.capacity.v1` gRPC APIs: `CapacityService` (strategy 6: people,
//! programmes, cohorts, certificates, competencies, caseloads) and `LocalWisdomService`
//! (strategy 7: activities and the values vocabulary). Every command runs through the
//! one command path ([`berdaya_platform::command::run`]) with one [`Edge`] per
//! aggregate; queries read the aggregates, the stream list and the secondary indexes.
//!
//! [`Edge`]: berdaya_platform::command::Edge

mod capacity;
mod caseload;
mod edge;
mod local_wisdom;
mod lookup;
mod queries;
mod requests;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::AggregateStore;
use berdaya_platform::validate::{Validator, today};
use uuid::Uuid;

use crate::codec::{
    ActivityCodec, CertificateCodec, CohortCodec, PersonCodec, ProgrammeCodec, VocabularyCodec,
};
use crate::domain::certificate::CertificateRules;
use crate::domain::{Activity, CaseloadRules, Certificate, Cohort, Person, Programme, Vocabulary};
use crate::views::ViewDb;

/// The full name of the strategy-6 service (the idempotency operation prefix).
pub const SERVICE_NAME: &str = "berdaya.capacity.v1.CapacityService";
/// The full name of the strategy-7 service.
pub const LOCAL_WISDOM_SERVICE_NAME: &str = "berdaya.capacity.v1.LocalWisdomService";

/// Stream categories, one per aggregate.
pub const PERSON_CATEGORY: &str = <Person as berdaya_domain::Aggregate>::CATEGORY;
/// Programmes.
pub const PROGRAMME_CATEGORY: &str = <Programme as berdaya_domain::Aggregate>::CATEGORY;
/// Cohorts.
pub const COHORT_CATEGORY: &str = <Cohort as berdaya_domain::Aggregate>::CATEGORY;
/// Certificates.
pub const CERTIFICATE_CATEGORY: &str = <Certificate as berdaya_domain::Aggregate>::CATEGORY;
/// Local-wisdom activities.
pub const ACTIVITY_CATEGORY: &str = <Activity as berdaya_domain::Aggregate>::CATEGORY;
/// The values vocabulary (one stream for the deployment).
pub const VOCABULARY_CATEGORY: &str = <Vocabulary as berdaya_domain::Aggregate>::CATEGORY;
/// The vocabulary's one stream.
pub const VOCABULARY_STREAM: &str = "vocabulary-main";

/// Secondary index: certificates by holder (key: person id).
pub const CERTIFICATE_HOLDER_INDEX: &str = "certificate-holder";
/// Secondary index: cohorts by participant (key: person id).
pub const COHORT_PARTICIPANT_INDEX: &str = "cohort-participant";

/// Largest page of a list.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream of `category` with `id`.
pub fn stream(category: &str, id: Uuid) -> String {
    berdaya_eventstore::stream_id(category, id)
}

/// What the edges, commands and queries of both services share.
pub(crate) struct Inner {
    people: AggregateStore<Person, PersonCodec>,
    programmes: AggregateStore<Programme, ProgrammeCodec>,
    cohorts: AggregateStore<Cohort, CohortCodec>,
    certificates: AggregateStore<Certificate, CertificateCodec>,
    activities: AggregateStore<Activity, ActivityCodec>,
    vocabulary: AggregateStore<Vocabulary, VocabularyCodec>,
    views: ViewDb,
    caseload: CaseloadRules,
    regions: &'static RegionDirectory,
}

impl Inner {
    fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    fn events(&self) -> &Arc<dyn EventStore> {
        self.people.events()
    }
}

/// How the capacity services are configured.
#[derive(Debug, Clone)]
pub struct Config {
    /// Caseload ratios.
    pub caseload: CaseloadRules,
    /// Certificate renewal rules.
    pub certificates: CertificateRules,
}

/// Both capacity services over one event store.
#[derive(Clone)]
pub struct CapacityApi {
    inner: Arc<Inner>,
    edges: edge::Edges,
}

impl std::fmt::Debug for CapacityApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CapacityApi").finish_non_exhaustive()
    }
}

impl CapacityApi {
    /// The services over the capacity event store and its views' database, with the
    /// deployment's vault and rules. Start the views' feeds with
    /// [`crate::views::start`].
    pub fn new(
        store: Arc<dyn EventStore>,
        vault: Arc<Vault>,
        views: ViewDb,
        config: Config,
    ) -> Self {
        let inner = Arc::new(Inner {
            people: AggregateStore::new(store.clone(), vault.clone(), PersonCodec),
            programmes: AggregateStore::new(
                store.clone(),
                vault.clone(),
                ProgrammeCodec::default(),
            ),
            cohorts: AggregateStore::new(store.clone(), vault.clone(), CohortCodec::default()),
            certificates: AggregateStore::new(store.clone(), vault.clone(), CertificateCodec)
                .with_rules(config.certificates),
            activities: AggregateStore::new(store.clone(), vault.clone(), ActivityCodec::default()),
            vocabulary: AggregateStore::new(store, vault, VocabularyCodec::default()),
            views,
            caseload: config.caseload,
            regions: RegionDirectory::embedded(),
        });
        Self {
            edges: edge::Edges::new(&inner),
            inner,
        }
    }

    /// The capacity event store.
    pub fn events(&self) -> &Arc<dyn EventStore> {
        self.inner.events()
    }
}

impl CapacityApi {
    /// The village of a registry household this service has heard of (open or closed),
    /// for the demo's seeding to wait on its view.
    ///
    /// # Errors
    /// `UNAVAILABLE` or `INTERNAL` when the view's database fails.
    pub async fn known_household(&self, id: &str) -> Result<Option<String>, tonic::Status> {
        let Ok(id) = Uuid::parse_str(id) else {
            return Ok(None);
        };
        Ok(crate::views::HOUSEHOLDS
            .get(&self.inner.views, id)
            .await
            .map_err(|e| berdaya_platform::grpc_error::store_status(&e))?
            .map(|row| row.village_code))
    }
}
