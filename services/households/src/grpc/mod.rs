//! The `berdaya.households.v1.HouseholdsService` gRPC API: authorise, validate, run the
//! command through the aggregate store, answer.

mod effects;
mod requests;
pub(crate) mod validate;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::{AggregateStore, Loaded, SideEffects};
use berdaya_platform::auth::Principal;
use berdaya_platform::command::{self, Answer, CommandMessage, Edge};
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::codec::HouseholdCodec;
use crate::domain::{Household, HouseholdEvent, HouseholdStatus, ProgrammePolicy};
pub use effects::NIK_SCOPE;
use validate::Validator;

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.households.v1.HouseholdsService";
/// The stream category of households.
pub const CATEGORY: &str = <crate::domain::Household as berdaya_domain::Aggregate>::CATEGORY;
/// Largest page of `ListHouseholds`.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream id of a household.
pub fn stream_id(household_id: Uuid) -> String {
    berdaya_eventstore::stream_id(CATEGORY, household_id)
}

/// The answer for a household that does not exist, and for one outside the caller's
/// regions: the same, so that it reveals neither the household's village nor that it
/// exists.
pub fn household_not_found(id: Uuid) -> Status {
    Status::not_found(format!("household {id} not found"))
}

/// A registered household inside the caller's regions.
fn visible(principal: &Principal, household: &Household) -> bool {
    household.status != HouseholdStatus::Unregistered
        && principal.sees(household.village.as_ref().map_or("", |v| v.as_str()))
}

/// The households gRPC service.
#[derive(Clone)]
pub struct HouseholdsApi {
    inner: Arc<HouseholdEdge>,
}

impl std::fmt::Debug for HouseholdsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HouseholdsApi").finish_non_exhaustive()
    }
}

/// The household aggregate at the edge: its store, reference data and answers.
pub(crate) struct HouseholdEdge {
    aggregates: AggregateStore<Household, HouseholdCodec>,
    regions: &'static RegionDirectory,
}

impl Edge for HouseholdEdge {
    type Aggregate = Household;
    type Codec = HouseholdCodec;
    type Response = pb::HouseholdResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "household";
    const ID_FIELD: &'static str = "household_id";

    fn aggregates(&self) -> &AggregateStore<Household, HouseholdCodec> {
        &self.aggregates
    }

    fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    fn region(state: &Household) -> Option<String> {
        match state.status {
            HouseholdStatus::Unregistered => None,
            _ => Some(
                state
                    .village
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
        }
    }

    fn side_effects(
        &self,
        before: &Household,
        events: &[HouseholdEvent],
        after: &Household,
    ) -> SideEffects {
        effects::side_effects(self.aggregates.vault(), before, events, after)
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::HouseholdResponse {
        let Answer {
            after,
            version,
            emitted,
            ..
        } = answer;
        pb::HouseholdResponse {
            household: Some(view::household(after, version, self.regions)),
            event_ids: emitted.iter().map(|e| e.event_id.to_string()).collect(),
        }
    }
}

impl HouseholdsApi {
    /// The service over an event store, with the deployment's vault and programme rules.
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>, policy: ProgrammePolicy) -> Self {
        Self {
            inner: Arc::new(HouseholdEdge {
                aggregates: AggregateStore::new(store, vault, HouseholdCodec).with_rules(policy),
                regions: RegionDirectory::embedded(),
            }),
        }
    }

    fn validator(&self) -> Validator<'static> {
        self.inner.validator()
    }

    /// Runs one mutating request through the command path.
    async fn command<Req: CommandMessage<HouseholdEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        command::run(self.inner.as_ref(), request).await
    }

    async fn readable(
        &self,
        principal: &Principal,
        household_id: &str,
    ) -> Result<(String, Arc<Loaded<Household>>), Status> {
        let mut validator = self.validator();
        let id = validator.id("household_id", household_id);
        validator.finish()?;
        let id = id.unwrap_or_default();
        let stream = stream_id(id);
        let loaded = self
            .inner
            .aggregates
            .load(&stream)
            .await
            .map_err(command_status)?;
        if !visible(principal, &loaded.state) {
            return Err(household_not_found(id));
        }
        Ok((stream, loaded))
    }
}

#[tonic::async_trait]
impl HouseholdsService for HouseholdsApi {
    async fn register_household(
        &self,
        request: Request<pb::RegisterHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn add_member(
        &self,
        request: Request<pb::AddMemberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn remove_member(
        &self,
        request: Request<pb::RemoveMemberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn change_kk_number(
        &self,
        request: Request<pb::ChangeKkNumberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn move_household(
        &self,
        request: Request<pb::MoveHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn update_decile(
        &self,
        request: Request<pb::UpdateDecileRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn enrol_programme(
        &self,
        request: Request<pb::EnrolProgrammeRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn update_pkh_components(
        &self,
        request: Request<pb::UpdatePkhComponentsRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn exit_programme(
        &self,
        request: Request<pb::ExitProgrammeRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn close_household(
        &self,
        request: Request<pb::CloseHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn erase_personal_data(
        &self,
        request: Request<pb::ErasePersonalDataRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        self.command(request).await
    }

    async fn get_household(
        &self,
        request: Request<pb::GetHouseholdRequest>,
    ) -> Result<Response<pb::Household>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(view::household(
            &loaded.state,
            loaded.version,
            self.inner.regions,
        )))
    }

    async fn list_households(
        &self,
        request: Request<pb::ListHouseholdsRequest>,
    ) -> Result<Response<pb::ListHouseholdsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let prefix = message.region_prefix.trim().to_owned();
        let page = message.page.unwrap_or_default();
        let mut v = self.validator();
        v.region_prefix("region_prefix", &prefix);
        let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        let after = v.page_token(&page.page_token, |token| {
            Uuid::parse_str(token).ok().map(stream_id)
        });
        v.finish()?;
        let after = after.flatten();
        principal.can_read(&prefix, "region_prefix")?;
        let streams = self
            .inner
            .aggregates
            .events()
            .list_streams(CATEGORY, &prefix, after.as_deref(), i64::from(size) + 1)
            .await
            .map_err(|e| store_status(&e))?;
        let more = streams.len() > size as usize;
        let mut households = Vec::with_capacity(streams.len());
        for info in streams.iter().take(size as usize) {
            let loaded = self
                .inner
                .aggregates
                .load(&info.stream_id)
                .await
                .map_err(command_status)?;
            households.push(view::household(
                &loaded.state,
                loaded.version,
                self.inner.regions,
            ));
        }
        let next_page_token = if more {
            households
                .last()
                .map(|h| h.household_id.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::new(pb::ListHouseholdsResponse {
            households,
            page: Some(common::PageResponse { next_page_token }),
        }))
    }

    type StreamHouseholdHistoryStream = HistoryStream;

    async fn stream_household_history(
        &self,
        request: Request<pb::StreamHouseholdHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(history::stream(
            self.inner.aggregates.events().clone(),
            stream,
        )))
    }

    async fn verify_household_history(
        &self,
        request: Request<pb::VerifyHouseholdHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(
            history::verify(self.inner.aggregates.events().as_ref(), &stream).await?,
        ))
    }
}
