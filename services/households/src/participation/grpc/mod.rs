//! The `berdaya.households.v1.ParticipationService` gRPC API: authorise, validate, look up
//! the households named, run the command through the aggregate store, answer.

mod index;
mod queries;
mod requests;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::{AggregateStore, Loaded, SideEffects};
use berdaya_platform::auth::Principal;
use berdaya_platform::command::{self, Answer, CommandMessage, Edge};
use berdaya_platform::grpc_error::command_status;
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::{Validator, today};
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::participation_service_server::ParticipationService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::participation::codec::ActivityCodec;
use crate::participation::domain::{
    Activity, ActivityCommand, ActivityEvent, ActivityStatus, ComplianceBands,
};
use crate::registry::Registry;
pub use index::{HOUSEHOLD_INDEX, REGION_INDEX};

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.households.v1.ParticipationService";
/// The stream category of activities.
pub const CATEGORY: &str =
    <crate::participation::domain::Activity as berdaya_domain::Aggregate>::CATEGORY;

/// The stream id of an activity.
pub fn stream_id(activity_id: Uuid) -> String {
    berdaya_eventstore::stream_id(CATEGORY, activity_id)
}

/// The participation gRPC service.
#[derive(Clone)]
pub struct ParticipationApi {
    inner: Arc<ActivityEdge>,
}

impl std::fmt::Debug for ParticipationApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParticipationApi").finish_non_exhaustive()
    }
}

/// The activity aggregate at the edge.
pub(crate) struct ActivityEdge {
    activities: AggregateStore<Activity, ActivityCodec>,
    registry: Registry,
    bands: ComplianceBands,
    regions: &'static RegionDirectory,
}

#[tonic::async_trait]
impl Edge for ActivityEdge {
    type Aggregate = Activity;
    type Codec = ActivityCodec;
    type Response = pb::ActivityResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "activity";
    const ID_FIELD: &'static str = "activity_id";

    fn aggregates(&self) -> &AggregateStore<Activity, ActivityCodec> {
        &self.activities
    }

    fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    fn region(state: &Activity) -> Option<String> {
        (state.status != ActivityStatus::Unplanned).then(|| region_of(state))
    }

    /// The households the command names, as the caller may know them.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut ActivityCommand,
    ) -> Result<Option<String>, Status> {
        self.registry
            .resolve(principal, command.households_mut())
            .await?;
        Ok(None)
    }

    fn side_effects(&self, _: &Activity, _: &[ActivityEvent], after: &Activity) -> SideEffects {
        SideEffects {
            region: after.region.as_ref().map(ToString::to_string),
            index: Some(index::entries(after)),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ActivityResponse {
        let Answer {
            after,
            version,
            emitted,
            ..
        } = answer;
        pb::ActivityResponse {
            activity: Some(view::activity(after, version, self.regions)),
            event_ids: emitted.iter().map(|e| e.event_id.to_string()).collect(),
        }
    }
}

impl ParticipationApi {
    /// The service over the households event store (activities live beside the
    /// households they involve), with the deployment's vault and compliance bands.
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>, bands: ComplianceBands) -> Self {
        Self {
            inner: Arc::new(ActivityEdge {
                activities: AggregateStore::new(store.clone(), vault.clone(), ActivityCodec),
                registry: Registry::new(store, vault),
                bands,
                regions: RegionDirectory::embedded(),
            }),
        }
    }

    fn validator(&self) -> Validator<'static> {
        self.inner.validator()
    }

    /// Runs one mutating request through the command path.
    async fn command<Req: CommandMessage<ActivityEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        command::run(self.inner.as_ref(), request).await
    }

    async fn load(&self, stream: &str) -> Result<Arc<Loaded<Activity>>, Status> {
        self.inner
            .activities
            .load(stream)
            .await
            .map_err(command_status)
    }

    /// An activity the principal may read, with its stream id.
    async fn readable(
        &self,
        principal: &Principal,
        activity_id: &str,
    ) -> Result<(String, Arc<Loaded<Activity>>), Status> {
        let mut validator = self.validator();
        let id = validator.id("activity_id", activity_id);
        validator.finish()?;
        let id = id.unwrap_or_default();
        let stream = stream_id(id);
        let loaded = self.load(&stream).await?;
        if !visible(principal, &loaded.state) {
            return Err(activity_not_found(id));
        }
        Ok((stream, loaded))
    }
}

/// The answer for an unknown activity, and for one outside the caller's regions.
fn activity_not_found(id: Uuid) -> Status {
    Status::not_found(format!("activity {id} not found"))
}

/// A planned activity inside the caller's regions.
fn visible(principal: &Principal, activity: &Activity) -> bool {
    activity.status != ActivityStatus::Unplanned && principal.sees(&region_of(activity))
}

fn region_of(activity: &Activity) -> String {
    activity
        .region
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[tonic::async_trait]
impl ParticipationService for ParticipationApi {
    async fn plan_activity(
        &self,
        request: Request<pb::PlanActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn reschedule_activity(
        &self,
        request: Request<pb::RescheduleActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn hold_activity(
        &self,
        request: Request<pb::HoldActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn evaluate_activity(
        &self,
        request: Request<pb::EvaluateActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn cancel_activity(
        &self,
        request: Request<pb::CancelActivityRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn complete_agreed_action(
        &self,
        request: Request<pb::CompleteAgreedActionRequest>,
    ) -> Result<Response<pb::ActivityResponse>, Status> {
        self.command(request).await
    }

    async fn get_activity(
        &self,
        request: Request<pb::GetActivityRequest>,
    ) -> Result<Response<pb::Activity>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable(&principal, &request.get_ref().activity_id)
            .await?;
        Ok(Response::new(view::activity(
            &loaded.state,
            loaded.version,
            self.inner.regions,
        )))
    }

    async fn list_activities(
        &self,
        request: Request<pb::ListActivitiesRequest>,
    ) -> Result<Response<pb::ListActivitiesResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        self.list(&principal, request.into_inner()).await
    }

    async fn get_participation_record(
        &self,
        request: Request<pb::GetParticipationRecordRequest>,
    ) -> Result<Response<pb::ParticipationRecord>, Status> {
        let principal = Principal::from_request(&request)?;
        self.record(&principal, request.into_inner()).await
    }

    type StreamActivityHistoryStream = HistoryStream;

    async fn stream_activity_history(
        &self,
        request: Request<pb::StreamActivityHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().activity_id)
            .await?;
        Ok(Response::new(history::stream(
            self.inner.activities.events().clone(),
            stream,
        )))
    }
}
