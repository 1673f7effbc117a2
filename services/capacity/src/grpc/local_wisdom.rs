//! `berdaya.capacity.v1.LocalWisdomService` (strategy 7): activities and the values
//! vocabulary. An activity's answer names its leaders' roles and its values' names and
//! kinds, which live in the people registry and the vocabulary: they are filled in here
//! after the command or query.

use std::sync::Arc;

use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::codec::fields::text_date;
use berdaya_platform::command::{self, CommandMessage, Edge};
use berdaya_platform::grpc_error::command_status;
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::capacity::v1::local_wisdom_service_server::LocalWisdomService;
use berdaya_proto::berdaya::common::v1 as common;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::edge::{ActivityEdge, VocabularyEdge};
use super::queries::{not_found, page, paging, readable};
use super::{ACTIVITY_CATEGORY, CapacityApi, Inner, VOCABULARY_STREAM, stream, view};
use crate::convert;
use crate::domain::Activity;
use crate::domain::activity::{ActivityStatus, Community};

impl Inner {
    /// Fills in an activity's leaders' roles and its values' names and kinds.
    async fn enrich(
        &self,
        principal: &Principal,
        activity: &mut pb::Activity,
    ) -> Result<(), Status> {
        for leader in &mut activity.leaders {
            let Ok(id) = Uuid::parse_str(&leader.person_id) else {
                continue;
            };
            if let Some(person) = self.visible_person(principal, id).await? {
                leader.role = person
                    .state
                    .placement
                    .as_ref()
                    .map_or(0, |p| convert::role_pb(p.role) as i32);
            }
        }
        let vocabulary = self.vocabulary().await?;
        for value in &mut activity.values {
            let term = Uuid::parse_str(&value.term_id)
                .ok()
                .and_then(|id| vocabulary.state.term(id));
            if let Some(term) = term {
                value.name.clone_from(&term.name);
                value.kind = convert::term_kind_pb(term.kind) as i32;
            }
        }
        Ok(())
    }

    /// An activity the caller may see.
    async fn readable_activity(
        &self,
        principal: &Principal,
        id: &str,
    ) -> Result<(Uuid, Arc<Loaded<Activity>>), Status> {
        let mut v = self.validator();
        let parsed = v.id("activity_id", id);
        v.finish()?;
        let id = parsed.unwrap_or_default();
        let loaded = self
            .activities
            .load(&stream(ACTIVITY_CATEGORY, id))
            .await
            .map_err(command_status)?;
        if !ActivityEdge::region(&loaded.state).is_some_and(|r| principal.sees(&r)) {
            return Err(not_found("activity", &id.to_string()));
        }
        Ok((id, loaded))
    }
}

impl CapacityApi {
    async fn activity_command<R: CommandMessage<ActivityEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut response = command::run(&self.edges.activity, request).await?;
        if let Some(activity) = response.get_mut().activity.as_mut() {
            self.inner.enrich(&principal, activity).await?;
        }
        Ok(response)
    }

    async fn vocabulary_command<R: CommandMessage<VocabularyEdge>>(
        &self,
        request: Request<R>,
    ) -> Result<Response<pb::ValueTermResponse>, Status> {
        command::run(&self.edges.vocabulary, request).await
    }
}

#[tonic::async_trait]
impl LocalWisdomService for CapacityApi {
    async fn record_activity(
        &self,
        request: Request<pb::RecordActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.activity_command(request).await
    }

    async fn add_households_reached(
        &self,
        request: Request<pb::AddHouseholdsReachedRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.activity_command(request).await
    }

    async fn tag_activity_values(
        &self,
        request: Request<pb::TagActivityValuesRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.activity_command(request).await
    }

    async fn void_activity(
        &self,
        request: Request<pb::VoidActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.activity_command(request).await
    }

    async fn get_activity(
        &self,
        request: Request<pb::GetActivityRequest>,
    ) -> Result<Response<pb::Activity>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, loaded) = self
            .inner
            .readable_activity(&principal, &request.get_ref().activity_id)
            .await?;
        let mut activity = view::activity(id, &loaded.state, loaded.version, self.inner.regions);
        self.inner.enrich(&principal, &mut activity).await?;
        Ok(Response::new(activity))
    }

    async fn list_activities(
        &self,
        request: Request<pb::ListActivitiesRequest>,
    ) -> Result<Response<pb::ListActivitiesResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let value = v.optional_id("value_id", &m.value_id);
        let kind = v.optional_enum(
            "kind",
            m.kind,
            convert::activity_kind(m.kind),
            "ActivityKind",
        );
        let from = if m.held_from.is_empty() {
            Some(None)
        } else {
            v.date("held_from", &m.held_from).map(Some)
        };
        let to = if m.held_to.is_empty() {
            Some(None)
        } else {
            v.date("held_to", &m.held_to).map(Some)
        };
        if let (Some(Some(f)), Some(Some(t))) = (from, to)
            && t < f
        {
            v.violations
                .add("held_to", format!("must not be before held_from ({f})"));
        }
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(value), Some(kind), Some(from), Some(to)) =
            (prefix, value, kind, from, to)
        else {
            return Err(Status::invalid_argument("invalid request"));
        };
        readable(&principal, &prefix)?;
        let mut activities = Vec::new();
        for (_, loaded) in self
            .inner
            .scan(&self.inner.activities, ACTIVITY_CATEGORY, &prefix)
            .await?
        {
            let a = &loaded.state;
            let (Some(id), Some(held_on)) = (a.id, a.held_on) else {
                continue;
            };
            if value.is_some_and(|x| !a.value_ids.contains(&x))
                || kind.is_some_and(|k| a.kind != Some(k))
                || from.is_some_and(|f| held_on < f)
                || to.is_some_and(|t| held_on > t)
                || (m.desa_adat_only && !matches!(a.community, Some(Community::DesaAdat { .. })))
                || (a.status == ActivityStatus::Voided && !m.include_voided)
            {
                continue;
            }
            let mut activity = view::activity(id, a, loaded.version, self.inner.regions);
            self.inner.enrich(&principal, &mut activity).await?;
            activities.push((format!("{}/{id}", text_date(held_on)), activity));
        }
        let (activities, page) = page(activities, &paging);
        Ok(Response::new(pb::ListActivitiesResponse {
            activities,
            page: Some(page),
        }))
    }

    type StreamActivityHistoryStream = HistoryStream;

    async fn stream_activity_history(
        &self,
        request: Request<pb::StreamActivityHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_activity(&principal, &request.get_ref().activity_id)
            .await?;
        Ok(Response::new(
            self.inner.history(stream(ACTIVITY_CATEGORY, id)),
        ))
    }

    async fn verify_activity_history(
        &self,
        request: Request<pb::VerifyActivityHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _) = self
            .inner
            .readable_activity(&principal, &request.get_ref().activity_id)
            .await?;
        Ok(Response::new(
            self.inner.verify(&stream(ACTIVITY_CATEGORY, id)).await?,
        ))
    }

    async fn add_value_term(
        &self,
        request: Request<pb::AddValueTermRequest>,
    ) -> Result<Response<pb::ValueTermResponse>, Status> {
        self.vocabulary_command(request).await
    }

    async fn rename_value_term(
        &self,
        request: Request<pb::RenameValueTermRequest>,
    ) -> Result<Response<pb::ValueTermResponse>, Status> {
        self.vocabulary_command(request).await
    }

    async fn retire_value_term(
        &self,
        request: Request<pb::RetireValueTermRequest>,
    ) -> Result<Response<pb::ValueTermResponse>, Status> {
        self.vocabulary_command(request).await
    }

    async fn list_value_terms(
        &self,
        request: Request<pb::ListValueTermsRequest>,
    ) -> Result<Response<pb::ListValueTermsResponse>, Status> {
        Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let kind = v.optional_enum("kind", m.kind, convert::term_kind(m.kind), "TermKind");
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(kind), Some(prefix)) = (kind, prefix) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        let vocabulary = self.inner.vocabulary().await?;
        let terms = vocabulary
            .state
            .terms
            .iter()
            .filter(|t| {
                kind.is_none_or(|k| t.kind == k)
                    && (m.include_retired || t.active())
                    && t.region
                        .as_ref()
                        .is_none_or(|r| prefix.is_empty() || r.as_str().starts_with(&prefix))
            })
            .map(|t| {
                (
                    format!("{}/{}", t.name.to_lowercase(), t.term_id),
                    view::term(t),
                )
            })
            .collect();
        let (terms, page) = page(terms, &paging);
        Ok(Response::new(pb::ListValueTermsResponse {
            terms,
            version: vocabulary.version,
            page: Some(page),
        }))
    }

    type StreamVocabularyHistoryStream = HistoryStream;

    async fn stream_vocabulary_history(
        &self,
        request: Request<pb::StreamVocabularyHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        Principal::from_request(&request)?;
        Ok(Response::new(
            self.inner.history(VOCABULARY_STREAM.to_owned()),
        ))
    }

    async fn verify_vocabulary_history(
        &self,
        request: Request<pb::VerifyVocabularyHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        Principal::from_request(&request)?;
        Ok(Response::new(self.inner.verify(VOCABULARY_STREAM).await?))
    }
}
