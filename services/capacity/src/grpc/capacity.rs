//! `berdaya.capacity.v1.CapacityService` (strategy 6): each command is one call of the
//! command path; queries read people, programmes, cohorts and certificates as the caller
//! may see them.

use std::sync::Arc;

use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::codec::fields::text_date;
use berdaya_platform::command::{self, CommandMessage, Edge};
use berdaya_platform::grpc_error::store_status;
use berdaya_platform::history::HistoryStream;
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::capacity::v1::capacity_service_server::CapacityService;
use berdaya_proto::berdaya::common::v1 as common;
use chrono::NaiveDate;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::edge::{CertificateEdge, CohortEdge, PersonEdge, ProgrammeEdge};
use super::lookup::person_region;
use super::queries::{not_found, page, paging, readable};
use super::{
    CERTIFICATE_CATEGORY, COHORT_CATEGORY, COHORT_PARTICIPANT_INDEX, CapacityApi, Inner,
    PERSON_CATEGORY, PROGRAMME_CATEGORY, stream, view,
};
use crate::convert;
use crate::domain::cohort::ParticipantStatus;
use crate::domain::competency::CompletionRecord;
use crate::domain::person::PersonStatus;
use crate::domain::programme::ProgrammeStatus;
use crate::domain::{Certificate, Cohort, Person, competencies};

/// Most cohorts a person's competencies are derived from.
const MAX_COHORTS: i64 = 1000;
/// Longest "expiring within" window, in days.
const MAX_EXPIRING_DAYS: i32 = 3650;

/// The day a query asks about: `as_of`, or today when empty.
fn as_of(v: &mut berdaya_platform::validate::Validator<'static>, text: &str) -> Option<NaiveDate> {
    if text.is_empty() {
        Some(today())
    } else {
        v.date("as_of", text)
    }
}

impl Inner {
    /// A person the caller may see.
    async fn readable_person(
        &self,
        principal: &Principal,
        id: &str,
    ) -> Result<(Uuid, Arc<Loaded<Person>>), Status> {
        let mut v = self.validator();
        let parsed = v.id("person_id", id);
        v.finish()?;
        let id = parsed.unwrap_or_default();
        let loaded = self
            .visible_person(principal, id)
            .await?
            .ok_or_else(|| not_found("person", &id.to_string()))?;
        Ok((id, loaded))
    }

    /// A programme (reference data: every caller sees every programme).
    async fn readable_programme(
        &self,
        id: &str,
    ) -> Result<(Uuid, Arc<Loaded<crate::domain::Programme>>), Status> {
        let mut v = self.validator();
        let parsed = v.id("programme_id", id);
        v.finish()?;
        let id = parsed.unwrap_or_default();
        let loaded = self
            .programmes
            .load(&stream(PROGRAMME_CATEGORY, id))
            .await
            .map_err(berdaya_platform::grpc_error::command_status)?;
        if loaded.state.status == ProgrammeStatus::Undefined {
            return Err(not_found("programme", &id.to_string()));
        }
        Ok((id, loaded))
    }

    /// A cohort the caller may see.
    async fn readable_cohort(
        &self,
        principal: &Principal,
        id: &str,
    ) -> Result<(Uuid, Arc<Loaded<Cohort>>), Status> {
        let mut v = self.validator();
        let parsed = v.id("cohort_id", id);
        v.finish()?;
        let id = parsed.unwrap_or_default();
        let loaded = self
            .cohorts
            .load(&stream(COHORT_CATEGORY, id))
            .await
            .map_err(berdaya_platform::grpc_error::command_status)?;
        if !CohortEdge::region(&loaded.state).is_some_and(|r| principal.sees(&r)) {
            return Err(not_found("cohort", &id.to_string()));
        }
        Ok((id, loaded))
    }

    /// A certificate whose holder the caller may see.
    async fn readable_certificate(
        &self,
        principal: &Principal,
        id: &str,
    ) -> Result<(Uuid, Arc<Loaded<Certificate>>, bool), Status> {
        let mut v = self.validator();
        let parsed = v.id("certificate_id", id);
        v.finish()?;
        let id = parsed.unwrap_or_default();
        let loaded = self
            .certificates
            .load(&Inner::certificate_stream(id))
            .await
            .map_err(berdaya_platform::grpc_error::command_status)?;
        let holder = match loaded.state.holder_id {
            Some(holder) => self.visible_person(principal, holder).await?,
            None => None,
        };
        let Some(holder) = holder else {
            return Err(not_found("certificate", &id.to_string()));
        };
        Ok((id, loaded, holder.state.data_erased()))
    }

    /// A person's completed cohorts, from the cohorts they took part in.
    async fn completions(&self, person: Uuid) -> Result<Vec<CompletionRecord>, Status> {
        let key = person.to_string();
        let hits = self
            .events()
            .find_streams(COHORT_PARTICIPANT_INDEX, &key, &key, None, MAX_COHORTS)
            .await
            .map_err(|e| store_status(&e))?;
        let mut records = Vec::new();
        for hit in hits {
            let loaded = self
                .cohorts
                .load(&hit.stream_id)
                .await
                .map_err(berdaya_platform::grpc_error::command_status)?;
            let cohort = &loaded.state;
            if let (Some(cohort_id), Some(programme_id), Some(participant)) =
                (cohort.id, cohort.programme_id, cohort.participant(person))
                && let ParticipantStatus::Completed { on } = participant.status
            {
                records.push(CompletionRecord {
                    cohort_id,
                    programme_id,
                    completed_on: on,
                });
            }
        }
        Ok(records)
    }
}

impl CapacityApi {
    async fn person_command<R: CommandMessage<PersonEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        command::run(&self.edges.person, request).await
    }

    async fn programme_command<R: CommandMessage<ProgrammeEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::ProgrammeResponse>, Status> {
        command::run(&self.edges.programme, request).await
    }

    async fn cohort_command<R: CommandMessage<CohortEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        command::run(&self.edges.cohort, request).await
    }

    async fn certificate_command<R: CommandMessage<CertificateEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::CertificateResponse>, Status> {
        command::run(&self.edges.certificate, request).await
    }
}

#[tonic::async_trait]
impl CapacityService for CapacityApi {
    async fn register_person(
        &self,
        request: Request<pb::RegisterPersonRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn reassign_person(
        &self,
        request: Request<pb::ReassignPersonRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn update_personal_data(
        &self,
        request: Request<pb::UpdatePersonalDataRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn deactivate_person(
        &self,
        request: Request<pb::DeactivatePersonRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn reactivate_person(
        &self,
        request: Request<pb::ReactivatePersonRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn erase_personal_data(
        &self,
        request: Request<pb::ErasePersonalDataRequest>,
    ) -> Result<Response<pb::PersonResponse>, Status> {
        self.person_command(request).await
    }

    async fn get_person(
        &self,
        request: Request<pb::GetPersonRequest>,
    ) -> Result<Response<pb::Person>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, loaded) = self
            .inner
            .readable_person(&principal, &request.get_ref().person_id)
            .await?;
        Ok(Response::new(view::person(
            id,
            &loaded.state,
            loaded.version,
            self.inner.regions,
        )))
    }

    async fn list_people(
        &self,
        request: Request<pb::ListPeopleRequest>,
    ) -> Result<Response<pb::ListPeopleResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let role = v.optional_enum("role", m.role, convert::role(m.role), "PersonRole");
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(role)) = (prefix, role) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        readable(&principal, &prefix)?;
        let mut people = Vec::new();
        for (stream_id, loaded) in self
            .inner
            .scan(&self.inner.people, PERSON_CATEGORY, &prefix)
            .await?
        {
            let p = &loaded.state;
            let (Some(id), Some(placement)) = (p.id, &p.placement) else {
                continue;
            };
            let region = person_region(p).unwrap_or_default();
            if !principal.sees(&region)
                || role.is_some_and(|r| r != placement.role)
                || (p.status == PersonStatus::Inactive && !m.include_inactive)
            {
                continue;
            }
            people.push((
                stream_id,
                view::person(id, p, loaded.version, self.inner.regions),
            ));
        }
        let (people, page) = page(people, &paging);
        Ok(Response::new(pb::ListPeopleResponse {
            people,
            page: Some(page),
        }))
    }

    async fn get_person_competencies(
        &self,
        request: Request<pb::GetPersonCompetenciesRequest>,
    ) -> Result<Response<pb::PersonCompetencies>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let day = as_of(&mut v, &m.as_of);
        v.finish()?;
        let day = day.unwrap_or_else(today);
        let (id, person) = self.inner.readable_person(&principal, &m.person_id).await?;
        let erased = person.state.data_erased();
        let completions = self.inner.completions(id).await?;
        let held = self.inner.certificates_of(id).await?;
        let facts: Vec<_> = held.iter().filter_map(|(_, c)| c.state.facts()).collect();
        let derived = competencies(&completions, &facts, day);
        let mut out = Vec::new();
        for c in &derived.competencies {
            let programme = self
                .inner
                .programmes
                .load(&stream(PROGRAMME_CATEGORY, c.programme_id))
                .await
                .map_err(berdaya_platform::grpc_error::command_status)?;
            out.push(pb::Competency {
                programme_id: c.programme_id.to_string(),
                programme_title: programme.state.title.clone(),
                method: programme
                    .state
                    .method
                    .map_or(0, |m| convert::method_pb(m) as i32),
                level: convert::competency_level_pb(c.level) as i32,
                cohorts_completed: i32::try_from(c.cohorts_completed).unwrap_or(i32::MAX),
                last_completed_on: c.last_completed_on.map(text_date).unwrap_or_default(),
                certificate_id: c
                    .certificate
                    .as_ref()
                    .map(|x| x.certificate.certificate_id.to_string())
                    .unwrap_or_default(),
                certificate_standing: c
                    .certificate
                    .as_ref()
                    .map_or(0, |x| convert::standing_pb(x.standing) as i32),
                certificate_valid_until: c
                    .certificate
                    .as_ref()
                    .map(|x| text_date(x.certificate.valid_until))
                    .unwrap_or_default(),
            });
        }
        let certificates = derived
            .certificates
            .iter()
            .filter_map(|on| {
                held.iter()
                    .find(|(cid, _)| *cid == on.certificate.certificate_id)
                    .map(|(_, c)| view::certificate(&c.state, c.version, day, erased))
            })
            .collect();
        Ok(Response::new(pb::PersonCompetencies {
            person_id: id.to_string(),
            as_of: text_date(day),
            competencies: out,
            certificates,
        }))
    }

    async fn get_caseload(
        &self,
        request: Request<pb::GetCaseloadRequest>,
    ) -> Result<Response<pb::Caseload>, Status> {
        self.caseload_query(request).await
    }

    type StreamPersonHistoryStream = HistoryStream;

    async fn stream_person_history(
        &self,
        request: Request<pb::StreamPersonHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_person(&principal, &request.get_ref().person_id)
            .await?;
        Ok(Response::new(
            self.inner.history(stream(PERSON_CATEGORY, id)),
        ))
    }

    async fn verify_person_history(
        &self,
        request: Request<pb::VerifyPersonHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_person(&principal, &request.get_ref().person_id)
            .await?;
        Ok(Response::new(
            self.inner.verify(&stream(PERSON_CATEGORY, id)).await?,
        ))
    }

    async fn define_programme(
        &self,
        request: Request<pb::DefineProgrammeRequest>,
    ) -> Result<Response<pb::ProgrammeResponse>, Status> {
        self.programme_command(request).await
    }

    async fn revise_programme(
        &self,
        request: Request<pb::ReviseProgrammeRequest>,
    ) -> Result<Response<pb::ProgrammeResponse>, Status> {
        self.programme_command(request).await
    }

    async fn retire_programme(
        &self,
        request: Request<pb::RetireProgrammeRequest>,
    ) -> Result<Response<pb::ProgrammeResponse>, Status> {
        self.programme_command(request).await
    }

    async fn get_programme(
        &self,
        request: Request<pb::GetProgrammeRequest>,
    ) -> Result<Response<pb::Programme>, Status> {
        Principal::from_request(&request)?;
        let (id, loaded) = self
            .inner
            .readable_programme(&request.get_ref().programme_id)
            .await?;
        Ok(Response::new(view::programme(
            id,
            &loaded.state,
            loaded.version,
        )))
    }

    async fn list_programmes(
        &self,
        request: Request<pb::ListProgrammesRequest>,
    ) -> Result<Response<pb::ListProgrammesResponse>, Status> {
        Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let method = v.optional_enum(
            "method",
            m.method,
            convert::method(m.method),
            "ProgrammeMethod",
        );
        let status = v.optional_enum(
            "status",
            m.status,
            match m.status {
                1 => Some(ProgrammeStatus::Open),
                2 => Some(ProgrammeStatus::Retired),
                _ => None,
            },
            "ProgrammeStatus",
        );
        let role = v.optional_enum(
            "target_role",
            m.target_role,
            convert::role(m.target_role),
            "PersonRole",
        );
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(method), Some(status), Some(role)) = (method, status, role) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        let mut programmes = Vec::new();
        for (stream_id, loaded) in self
            .inner
            .scan(&self.inner.programmes, PROGRAMME_CATEGORY, "")
            .await?
        {
            let p = &loaded.state;
            let Some(id) = p.id else { continue };
            if method.is_some_and(|x| p.method != Some(x))
                || status.is_some_and(|x| p.status != x)
                || role.is_some_and(|r| !p.target_roles.is_empty() && !p.target_roles.contains(&r))
            {
                continue;
            }
            programmes.push((stream_id, view::programme(id, p, loaded.version)));
        }
        let (programmes, page) = page(programmes, &paging);
        Ok(Response::new(pb::ListProgrammesResponse {
            programmes,
            page: Some(page),
        }))
    }

    type StreamProgrammeHistoryStream = HistoryStream;

    async fn stream_programme_history(
        &self,
        request: Request<pb::StreamProgrammeHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_programme(&request.get_ref().programme_id)
            .await?;
        Ok(Response::new(
            self.inner.history(stream(PROGRAMME_CATEGORY, id)),
        ))
    }

    async fn verify_programme_history(
        &self,
        request: Request<pb::VerifyProgrammeHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_programme(&request.get_ref().programme_id)
            .await?;
        Ok(Response::new(
            self.inner.verify(&stream(PROGRAMME_CATEGORY, id)).await?,
        ))
    }

    async fn schedule_cohort(
        &self,
        request: Request<pb::ScheduleCohortRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn assign_trainer(
        &self,
        request: Request<pb::AssignTrainerRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn schedule_session(
        &self,
        request: Request<pb::ScheduleSessionRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn cancel_session(
        &self,
        request: Request<pb::CancelSessionRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn enrol_participant(
        &self,
        request: Request<pb::EnrolParticipantRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn withdraw_participant(
        &self,
        request: Request<pb::WithdrawParticipantRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn record_attendance(
        &self,
        request: Request<pb::RecordAttendanceRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn record_assessment(
        &self,
        request: Request<pb::RecordAssessmentRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn complete_cohort(
        &self,
        request: Request<pb::CompleteCohortRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn cancel_cohort(
        &self,
        request: Request<pb::CancelCohortRequest>,
    ) -> Result<Response<pb::CohortResponse>, Status> {
        self.cohort_command(request).await
    }

    async fn get_cohort(
        &self,
        request: Request<pb::GetCohortRequest>,
    ) -> Result<Response<pb::Cohort>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, loaded) = self
            .inner
            .readable_cohort(&principal, &request.get_ref().cohort_id)
            .await?;
        Ok(Response::new(view::cohort(
            id,
            &loaded.state,
            loaded.version,
        )))
    }

    async fn list_cohorts(
        &self,
        request: Request<pb::ListCohortsRequest>,
    ) -> Result<Response<pb::ListCohortsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let programme = v.optional_id("programme_id", &m.programme_id);
        let status = (0..=4).contains(&m.status).then_some(m.status).or_else(|| {
            v.violations.add(
                "status",
                format!("{} is not a CohortStatus value", m.status),
            );
            None
        });
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(programme), Some(status)) = (prefix, programme, status) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        readable(&principal, &prefix)?;
        let mut cohorts = Vec::new();
        for (_, loaded) in self
            .inner
            .scan(&self.inner.cohorts, COHORT_CATEGORY, &prefix)
            .await?
        {
            let c = &loaded.state;
            let (Some(id), Some((starts_on, _))) = (c.id, c.period) else {
                continue;
            };
            if programme.is_some_and(|p| c.programme_id != Some(p))
                || (status != 0 && view::cohort_status(c.status) as i32 != status)
            {
                continue;
            }
            cohorts.push((
                format!("{}/{id}", text_date(starts_on)),
                view::cohort_summary(id, c),
            ));
        }
        let (cohorts, page) = page(cohorts, &paging);
        Ok(Response::new(pb::ListCohortsResponse {
            cohorts,
            page: Some(page),
        }))
    }

    type StreamCohortHistoryStream = HistoryStream;

    async fn stream_cohort_history(
        &self,
        request: Request<pb::StreamCohortHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_cohort(&principal, &request.get_ref().cohort_id)
            .await?;
        Ok(Response::new(
            self.inner.history(stream(COHORT_CATEGORY, id)),
        ))
    }

    async fn verify_cohort_history(
        &self,
        request: Request<pb::VerifyCohortHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_cohort(&principal, &request.get_ref().cohort_id)
            .await?;
        Ok(Response::new(
            self.inner.verify(&stream(COHORT_CATEGORY, id)).await?,
        ))
    }

    async fn issue_certificate(
        &self,
        request: Request<pb::IssueCertificateRequest>,
    ) -> Result<Response<pb::CertificateResponse>, Status> {
        self.certificate_command(request).await
    }

    async fn recognise_certificate(
        &self,
        request: Request<pb::RecogniseCertificateRequest>,
    ) -> Result<Response<pb::CertificateResponse>, Status> {
        self.certificate_command(request).await
    }

    async fn renew_certificate(
        &self,
        request: Request<pb::RenewCertificateRequest>,
    ) -> Result<Response<pb::CertificateResponse>, Status> {
        self.certificate_command(request).await
    }

    async fn revoke_certificate(
        &self,
        request: Request<pb::RevokeCertificateRequest>,
    ) -> Result<Response<pb::CertificateResponse>, Status> {
        self.certificate_command(request).await
    }

    async fn get_certificate(
        &self,
        request: Request<pb::GetCertificateRequest>,
    ) -> Result<Response<pb::Certificate>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.inner.validator();
        let day = as_of(&mut v, &request.get_ref().as_of);
        v.finish()?;
        let (_, loaded, erased) = self
            .inner
            .readable_certificate(&principal, &request.get_ref().certificate_id)
            .await?;
        Ok(Response::new(view::certificate(
            &loaded.state,
            loaded.version,
            day.unwrap_or_else(today),
            erased,
        )))
    }

    async fn list_certificates(
        &self,
        request: Request<pb::ListCertificatesRequest>,
    ) -> Result<Response<pb::ListCertificatesResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let holder = v.optional_id("holder_id", &m.holder_id);
        let programme = v.optional_id("programme_id", &m.programme_id);
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let standing = v.optional_enum(
            "standing",
            m.standing,
            convert::standing(m.standing),
            "CertificateStanding",
        );
        let expiring = v.within(
            "expiring_within_days",
            m.expiring_within_days,
            0,
            MAX_EXPIRING_DAYS,
        );
        let day = as_of(&mut v, &m.as_of);
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (
            Some(holder),
            Some(programme),
            Some(prefix),
            Some(standing),
            Some(expiring),
            Some(day),
        ) = (holder, programme, prefix, standing, expiring, day)
        else {
            return Err(Status::invalid_argument("invalid request"));
        };
        // One holder's certificates are read as the holder may be seen; a region's need
        // the region.
        if holder.is_none() || !prefix.is_empty() {
            readable(&principal, &prefix)?;
        }
        let candidates: Vec<(String, Arc<Loaded<Certificate>>)> = match holder {
            Some(holder) => self
                .inner
                .certificates_of(holder)
                .await?
                .into_iter()
                .map(|(id, c)| (Inner::certificate_stream(id), c))
                .collect(),
            None => {
                self.inner
                    .scan(&self.inner.certificates, CERTIFICATE_CATEGORY, &prefix)
                    .await?
            }
        };
        let mut certificates = Vec::new();
        for (stream_id, loaded) in candidates {
            let c = &loaded.state;
            let Some(holder_id) = c.holder_id else {
                continue;
            };
            let Some(person) = self.inner.visible_person(&principal, holder_id).await? else {
                continue;
            };
            let region = person_region(&person.state).unwrap_or_default();
            if !region.starts_with(&prefix)
                || programme.is_some_and(|p| c.programme_id != Some(p))
                || standing.is_some_and(|s| c.standing_on(day) != Some(s))
                || (expiring > 0 && !c.expires_within(day, expiring))
            {
                continue;
            }
            let erased = person.state.data_erased();
            certificates.push((stream_id, view::certificate(c, loaded.version, day, erased)));
        }
        let (certificates, page) = page(certificates, &paging);
        Ok(Response::new(pb::ListCertificatesResponse {
            as_of: text_date(day),
            certificates,
            page: Some(page),
        }))
    }

    type StreamCertificateHistoryStream = HistoryStream;

    async fn stream_certificate_history(
        &self,
        request: Request<pb::StreamCertificateHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, _) = self
            .inner
            .readable_certificate(&principal, &request.get_ref().certificate_id)
            .await?;
        Ok(Response::new(
            self.inner.history(Inner::certificate_stream(id)),
        ))
    }

    async fn verify_certificate_history(
        &self,
        request: Request<pb::VerifyCertificateHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, _) = self
            .inner
            .readable_certificate(&principal, &request.get_ref().certificate_id)
            .await?;
        Ok(Response::new(
            self.inner.verify(&Inner::certificate_stream(id)).await?,
        ))
    }
}
