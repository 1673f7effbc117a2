//! The capacity context's six aggregates at the edge, for the one command path
//! ([`berdaya_platform::command::run`]): where each is filed, the facts its commands
//! look up (people, programmes, certificates, households, vocabulary terms, as the caller
//! may know them), what a decision writes besides its events (NIK claims, key
//! destruction, index entries), and its answer.
//!
//! People, cohorts and activities are filed under their region. Programmes and the
//! vocabulary are deployment-wide reference data: filed under no region, so their
//! commands may act on any of them (the roles and the regions a request names still
//! apply). A certificate is filed under its holder's region, looked up with it.

use std::sync::Arc;

use berdaya_domain::DomainError;
use berdaya_eventstore::{IndexEntry, UniqueKey};
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::{AggregateStore, SideEffects};
use berdaya_platform::command::{Answer, Edge};
use berdaya_platform::grpc_error::domain_status;
use berdaya_platform::validate::{Validator, today};
use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::Status;
use uuid::Uuid;

use super::lookup::person_region;
use super::{
    CERTIFICATE_HOLDER_INDEX, COHORT_PARTICIPANT_INDEX, Inner, LOCAL_WISDOM_SERVICE_NAME,
    SERVICE_NAME, VOCABULARY_STREAM, view,
};
use crate::codec::{
    ActivityCodec, CertificateCodec, CohortCodec, PersonCodec, ProgrammeCodec, VocabularyCodec,
};
use crate::domain::activity::{ActivityCommand, ActivityEvent, ActivityStatus};
use crate::domain::certificate::{CertificateCommand, CertificateEvent};
use crate::domain::cohort::{CohortCommand, CohortEvent, CohortStatus};
use crate::domain::facts::PersonStanding;
use crate::domain::person::{PersonCommand, PersonEvent};
use crate::domain::programme::ProgrammeEvent;
use crate::domain::vocabulary::{VocabularyCommand, VocabularyEvent};
use crate::domain::{Activity, Certificate, Cohort, Person, Programme, Vocabulary};

/// The unique-claim scope of people's NIKs (a blind index, never the NIK itself).
pub(super) const NIK_SCOPE: &str = "capacity_nik";

/// The unique-claim scope of certificate numbers (a blind index: a number names its
/// holder).
pub(super) const CERTIFICATE_NUMBER_SCOPE: &str = "capacity_certificate_number";

/// The id the vocabulary's requests name (it is one aggregate for the deployment).
pub(super) const VOCABULARY_ID: &str = "00000000-0000-0000-0000-000000000000";

/// The ids of the events a command recorded.
fn event_ids<E>(emitted: &[berdaya_platform::aggregate_store::Emitted<E>]) -> Vec<String> {
    emitted.iter().map(|e| e.event_id.to_string()).collect()
}

/// One edge per aggregate, over the shared stores.
#[derive(Clone)]
pub(crate) struct Edges {
    pub person: PersonEdge,
    pub programme: ProgrammeEdge,
    pub cohort: CohortEdge,
    pub certificate: CertificateEdge,
    pub activity: ActivityEdge,
    pub vocabulary: VocabularyEdge,
}

impl Edges {
    pub(super) fn new(inner: &Arc<Inner>) -> Self {
        Self {
            person: PersonEdge(inner.clone()),
            programme: ProgrammeEdge(inner.clone()),
            cohort: CohortEdge(inner.clone()),
            certificate: CertificateEdge(inner.clone()),
            activity: ActivityEdge(inner.clone()),
            vocabulary: VocabularyEdge(inner.clone()),
        }
    }
}

/// A person who runs the programme at the edge.
#[derive(Clone)]
pub(crate) struct PersonEdge(pub(super) Arc<Inner>);

impl PersonEdge {
    fn nik_key(&self, nik: &str) -> UniqueKey {
        UniqueKey {
            scope: NIK_SCOPE.to_owned(),
            key: self.0.people.vault().blind_index(NIK_SCOPE, nik),
        }
    }
}

fn nik(person: &Person) -> Option<&str> {
    person.data.as_ref().and_then(|d| d.nik.as_deref())
}

#[tonic::async_trait]
impl Edge for PersonEdge {
    type Aggregate = Person;
    type Codec = PersonCodec;
    type Response = pb::PersonResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "person";
    const ID_FIELD: &'static str = "person_id";

    fn aggregates(&self) -> &AggregateStore<Person, PersonCodec> {
        &self.0.people
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Person) -> Option<String> {
        person_region(state)
    }

    /// A recipient cadre's household, from the local households view.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut PersonCommand,
    ) -> Result<Option<String>, Status> {
        let placement = match command {
            PersonCommand::Register(c) => &mut c.placement,
            PersonCommand::Reassign(c) => &mut c.placement,
            _ => return Ok(None),
        };
        if let Some(household) = &mut placement.household {
            *household = self
                .0
                .household_facts(principal, household.household_id)
                .await?;
        }
        Ok(None)
    }

    fn side_effects(&self, before: &Person, events: &[PersonEvent], after: &Person) -> SideEffects {
        let mut effects = SideEffects {
            region: person_region(after),
            ..SideEffects::default()
        };
        for event in events {
            match event {
                PersonEvent::Registered { .. } | PersonEvent::PersonalDataUpdated { .. }
                    if nik(before) != nik(after) =>
                {
                    effects
                        .releases
                        .extend(nik(before).map(|n| self.nik_key(n)));
                    effects
                        .claims
                        .extend(nik(after).map(|n| (self.nik_key(n), "nik".to_owned())));
                }
                PersonEvent::PersonalDataErased { subject_ids, .. } => {
                    effects
                        .releases
                        .extend(nik(before).map(|n| self.nik_key(n)));
                    effects.erase_subjects.extend(subject_ids.iter().copied());
                }
                _ => {}
            }
        }
        effects
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::PersonResponse {
        pb::PersonResponse {
            person: Some(view::person(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
                self.0.regions,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// A programme at the edge: deployment-wide reference data.
#[derive(Clone)]
pub(crate) struct ProgrammeEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for ProgrammeEdge {
    type Aggregate = Programme;
    type Codec = ProgrammeCodec;
    type Response = pb::ProgrammeResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "programme";
    const ID_FIELD: &'static str = "programme_id";

    fn aggregates(&self) -> &AggregateStore<Programme, ProgrammeCodec> {
        &self.0.programmes
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    /// Filed under no region: every programme command may act on any programme.
    fn region(_: &Programme) -> Option<String> {
        None
    }

    fn side_effects(&self, _: &Programme, _: &[ProgrammeEvent], _: &Programme) -> SideEffects {
        SideEffects::default()
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ProgrammeResponse {
        pb::ProgrammeResponse {
            programme: Some(view::programme(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// A cohort at the edge.
#[derive(Clone)]
pub(crate) struct CohortEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for CohortEdge {
    type Aggregate = Cohort;
    type Codec = CohortCodec;
    type Response = pb::CohortResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "cohort";
    const ID_FIELD: &'static str = "cohort_id";

    fn aggregates(&self) -> &AggregateStore<Cohort, CohortCodec> {
        &self.0.cohorts
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Cohort) -> Option<String> {
        (state.status != CohortStatus::Unscheduled)
            .then(|| state.region.as_ref().map(ToString::to_string))
            .flatten()
    }

    /// The programme of a new cohort, a trainer with their certificates, a participant.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut CohortCommand,
    ) -> Result<Option<String>, Status> {
        match command {
            CohortCommand::Schedule(c) => {
                c.programme = self.0.programme_facts(c.programme.programme_id).await?;
            }
            CohortCommand::AssignTrainer(c) => {
                c.trainer = self.0.person_facts(principal, c.trainer.person_id).await?;
                if c.trainer.standing != PersonStanding::Unknown {
                    c.certificates = self.0.certificate_facts(c.trainer.person_id).await?;
                }
            }
            CohortCommand::Enrol(c) => {
                c.participant = self
                    .0
                    .person_facts(principal, c.participant.person_id)
                    .await?;
            }
            _ => {}
        }
        Ok(None)
    }

    fn side_effects(&self, _: &Cohort, _: &[CohortEvent], after: &Cohort) -> SideEffects {
        SideEffects {
            region: Self::region(after),
            index: Some(
                after
                    .participants
                    .iter()
                    .map(|p| IndexEntry {
                        index: COHORT_PARTICIPANT_INDEX.to_owned(),
                        key: p.person_id.to_string(),
                    })
                    .collect(),
            ),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::CohortResponse {
        pb::CohortResponse {
            cohort: Some(view::cohort(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// A certificate at the edge, filed under its holder's region.
#[derive(Clone)]
pub(crate) struct CertificateEdge(pub(super) Arc<Inner>);

impl CertificateEdge {
    /// The holder's region and data subject, when the caller may see the holder.
    async fn holder(
        &self,
        principal: &Principal,
        holder: Uuid,
    ) -> Result<Option<(String, Uuid)>, Status> {
        Ok(self
            .0
            .visible_person(principal, holder)
            .await?
            .and_then(|loaded| Some((person_region(&loaded.state)?, loaded.state.subject_id?))))
    }
}

#[tonic::async_trait]
impl Edge for CertificateEdge {
    type Aggregate = Certificate;
    type Codec = CertificateCodec;
    type Response = pb::CertificateResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "certificate";
    const ID_FIELD: &'static str = "certificate_id";

    fn aggregates(&self) -> &AggregateStore<Certificate, CertificateCodec> {
        &self.0.certificates
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    /// A certificate does not know its region: its holder's says it (see `look_up`).
    fn region(_: &Certificate) -> Option<String> {
        None
    }

    /// The holder (their region files the certificate, their key seals its number), and
    /// the completion or programme a new certificate rests on. A certificate whose holder
    /// the caller may not see answers as unknown.
    async fn look_up(
        &self,
        principal: &Principal,
        id: Uuid,
        command: &mut CertificateCommand,
    ) -> Result<Option<String>, Status> {
        let holder_id = match command {
            CertificateCommand::Issue(c) => c.completion.person_id,
            CertificateCommand::Recognise(c) => c.holder.person_id,
            CertificateCommand::Renew(_) | CertificateCommand::Revoke(_) => {
                let loaded = self
                    .0
                    .certificates
                    .load(&Self::stream_id(id))
                    .await
                    .map_err(berdaya_platform::grpc_error::command_status)?;
                loaded.state.holder_id.unwrap_or_default()
            }
        };
        let Some((region, subject)) = self.holder(principal, holder_id).await? else {
            let what = match command {
                CertificateCommand::Issue(_) | CertificateCommand::Recognise(_) => {
                    format!("person {holder_id} (person_id)")
                }
                _ => format!("certificate {id}"),
            };
            return Err(domain_status(&DomainError::not_found(what)));
        };
        match command {
            CertificateCommand::Issue(c) => {
                c.completion = self
                    .0
                    .completion_facts(principal, c.completion.cohort_id, holder_id)
                    .await?;
                c.holder_subject_id = subject;
            }
            CertificateCommand::Recognise(c) => {
                c.holder = self.0.person_facts(principal, holder_id).await?;
                c.holder_subject_id = subject;
                c.programme = self.0.programme_facts(c.programme.programme_id).await?;
            }
            _ => {}
        }
        Ok(Some(region))
    }

    fn side_effects(
        &self,
        _: &Certificate,
        events: &[CertificateEvent],
        _: &Certificate,
    ) -> SideEffects {
        let issued = events.iter().find_map(|e| match e {
            CertificateEvent::Issued {
                holder_id,
                certificate_number,
                ..
            }
            | CertificateEvent::Recognised {
                holder_id,
                certificate_number,
                ..
            } => Some((*holder_id, certificate_number.as_deref())),
            _ => None,
        });
        let vault = self.0.certificates.vault();
        SideEffects {
            claims: issued
                .and_then(|(_, number)| number)
                .map(|number| {
                    (
                        UniqueKey {
                            scope: CERTIFICATE_NUMBER_SCOPE.to_owned(),
                            key: vault.blind_index(CERTIFICATE_NUMBER_SCOPE, number),
                        },
                        "certificate_number".to_owned(),
                    )
                })
                .into_iter()
                .collect(),
            index: issued.map(|(holder, _)| {
                vec![IndexEntry {
                    index: CERTIFICATE_HOLDER_INDEX.to_owned(),
                    key: holder.to_string(),
                }]
            }),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::CertificateResponse {
        pb::CertificateResponse {
            certificate: Some(view::certificate(
                answer.after,
                answer.version,
                today(),
                false,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// A local-wisdom activity at the edge, filed under its village.
#[derive(Clone)]
pub(crate) struct ActivityEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for ActivityEdge {
    type Aggregate = Activity;
    type Codec = ActivityCodec;
    type Response = pb::ActivityResponse;

    const SERVICE: &'static str = LOCAL_WISDOM_SERVICE_NAME;
    const NOUN: &'static str = "activity";
    const ID_FIELD: &'static str = "activity_id";

    fn aggregates(&self) -> &AggregateStore<Activity, ActivityCodec> {
        &self.0.activities
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Activity) -> Option<String> {
        (state.status != ActivityStatus::Unrecorded)
            .then(|| state.community.as_ref().map(|c| c.village().to_string()))
            .flatten()
    }

    /// The leaders, the households and the vocabulary terms the command names.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut ActivityCommand,
    ) -> Result<Option<String>, Status> {
        let (leaders, households, values) = match command {
            ActivityCommand::Record(c) => (&mut c.leaders, &mut c.households, &mut c.values),
            ActivityCommand::AddHouseholds(c) => {
                (&mut Vec::new(), &mut c.households, &mut Vec::new())
            }
            ActivityCommand::TagValues(c) => (&mut Vec::new(), &mut Vec::new(), &mut c.values),
            ActivityCommand::Void(_) => return Ok(None),
        };
        for leader in leaders.iter_mut() {
            *leader = self.0.person_facts(principal, leader.person_id).await?;
        }
        for household in households.iter_mut() {
            *household = self
                .0
                .household_facts(principal, household.household_id)
                .await?;
        }
        let ids: Vec<Uuid> = values.iter().map(|v| v.term_id).collect();
        *values = self.0.term_facts(&ids).await?;
        Ok(None)
    }

    fn side_effects(&self, _: &Activity, _: &[ActivityEvent], after: &Activity) -> SideEffects {
        SideEffects {
            region: Self::region(after),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ActivityResponse {
        pb::ActivityResponse {
            activity: Some(view::activity(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
                self.0.regions,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// The values vocabulary at the edge: one aggregate for the deployment, filed under no
/// region; a term's own region is the one its changes need the caller to write in.
#[derive(Clone)]
pub(crate) struct VocabularyEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for VocabularyEdge {
    type Aggregate = Vocabulary;
    type Codec = VocabularyCodec;
    type Response = pb::ValueTermResponse;

    const SERVICE: &'static str = LOCAL_WISDOM_SERVICE_NAME;
    const NOUN: &'static str = "vocabulary";
    const ID_FIELD: &'static str = "vocabulary";

    fn aggregates(&self) -> &AggregateStore<Vocabulary, VocabularyCodec> {
        &self.0.vocabulary
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn stream_id(_: Uuid) -> String {
        VOCABULARY_STREAM.to_owned()
    }

    fn region(_: &Vocabulary) -> Option<String> {
        None
    }

    /// A renamed or retired term's region must be one the caller writes in (a national
    /// term: the whole country).
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut VocabularyCommand,
    ) -> Result<Option<String>, Status> {
        let term_id = match command {
            VocabularyCommand::AddTerm(_) => return Ok(None),
            VocabularyCommand::RenameTerm(c) => c.term_id,
            VocabularyCommand::RetireTerm(c) => c.term_id,
        };
        let vocabulary = self.0.vocabulary().await?;
        if let Some(term) = vocabulary.state.term(term_id) {
            let region = term
                .region
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            principal.can_write(&region, "term_id")?;
        }
        Ok(None)
    }

    fn side_effects(&self, _: &Vocabulary, _: &[VocabularyEvent], _: &Vocabulary) -> SideEffects {
        SideEffects::default()
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ValueTermResponse {
        let term_id = answer.emitted.first().map(|e| match &e.event {
            VocabularyEvent::TermAdded { term_id, .. }
            | VocabularyEvent::TermRenamed { term_id, .. }
            | VocabularyEvent::TermRetired { term_id, .. } => *term_id,
        });
        pb::ValueTermResponse {
            term: term_id.and_then(|id| answer.after.term(id)).map(view::term),
            version: answer.version,
            event_ids: event_ids(answer.emitted),
        }
    }
}
