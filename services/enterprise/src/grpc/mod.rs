//! The `berdaya.enterprise.v1.EnterpriseService` gRPC API: authorise, validate, run the
//! command through the aggregate store, answer; queries read the aggregates or the
//! views.

mod commands;
mod effects;
mod queries;
mod requests;
mod validate;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::AggregateStore;
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use berdaya_proto::berdaya::enterprise::v1::enterprise_service_server::EnterpriseService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::codec::{GroupCodec, SupportCodec};
use crate::domain::{GroupPolicy, KubeGroup, Support};
use crate::views::ViewDb;
pub use effects::MEMBERSHIP_SCOPE;
use validate::Validator;

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.enterprise.v1.EnterpriseService";
/// The stream category of KUBE groups.
pub const GROUP_CATEGORY: &str = <crate::domain::KubeGroup as berdaya_domain::Aggregate>::CATEGORY;
/// The stream category of individual support records.
pub const SUPPORT_CATEGORY: &str = <crate::domain::Support as berdaya_domain::Aggregate>::CATEGORY;
/// Largest page of `ListGroups`.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream id of a KUBE group.
pub fn group_stream(group_id: Uuid) -> String {
    berdaya_eventstore::stream_id(GROUP_CATEGORY, group_id)
}

/// The stream id of a household's support record.
pub fn support_stream(household_id: Uuid) -> String {
    berdaya_eventstore::stream_id(SUPPORT_CATEGORY, household_id)
}

/// The enterprise gRPC service.
#[derive(Clone)]
pub struct EnterpriseApi {
    inner: Arc<Inner>,
    groups: commands::GroupEdge,
    support: commands::SupportEdge,
}

impl std::fmt::Debug for EnterpriseApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnterpriseApi").finish_non_exhaustive()
    }
}

/// What the enterprise edges and queries share.
struct Inner {
    groups: AggregateStore<KubeGroup, GroupCodec>,
    support: AggregateStore<Support, SupportCodec>,
    views: ViewDb,
    policy: Arc<GroupPolicy>,
    regions: &'static RegionDirectory,
}

impl EnterpriseApi {
    /// The service over the enterprise event store and its views' database, with the
    /// deployment's vault and KUBE rules. Start the views' feeds with
    /// [`crate::views::feeds::start`].
    pub fn new(
        store: Arc<dyn EventStore>,
        vault: Arc<Vault>,
        views: ViewDb,
        policy: GroupPolicy,
    ) -> Self {
        let inner = Arc::new(Inner {
            groups: AggregateStore::new(store.clone(), vault.clone(), GroupCodec)
                .with_rules(policy.clone()),
            support: AggregateStore::new(store, vault, SupportCodec),
            views,
            policy: Arc::new(policy),
            regions: RegionDirectory::embedded(),
        });
        Self {
            groups: commands::GroupEdge(inner.clone()),
            support: commands::SupportEdge(inner.clone()),
            inner,
        }
    }

    /// The enterprise event store.
    pub fn events(&self) -> &Arc<dyn EventStore> {
        self.inner.groups.events()
    }

    fn validator(&self) -> Validator<'static> {
        self.inner.validator()
    }
}

#[tonic::async_trait]
impl EnterpriseService for EnterpriseApi {
    async fn form_group(
        &self,
        request: Request<pb::FormGroupRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn add_member(
        &self,
        request: Request<pb::AddMemberRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn remove_member(
        &self,
        request: Request<pb::RemoveMemberRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn elect_board(
        &self,
        request: Request<pb::ElectBoardRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn assign_facilitator(
        &self,
        request: Request<pb::AssignFacilitatorRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn record_meeting(
        &self,
        request: Request<pb::RecordMeetingRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn adopt_business_plan(
        &self,
        request: Request<pb::AdoptBusinessPlanRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn record_group_account(
        &self,
        request: Request<pb::RecordGroupAccountRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn award_grant(
        &self,
        request: Request<pb::AwardGrantRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn disburse_tranche(
        &self,
        request: Request<pb::DisburseTrancheRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn report_progress(
        &self,
        request: Request<pb::ReportProgressRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn share_iks(
        &self,
        request: Request<pb::ShareIksRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn propose_stage_change(
        &self,
        request: Request<pb::ProposeStageChangeRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn approve_stage_change(
        &self,
        request: Request<pb::ApproveStageChangeRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn reject_stage_change(
        &self,
        request: Request<pb::RejectStageChangeRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn dissolve_group(
        &self,
        request: Request<pb::DissolveGroupRequest>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        self.group_command(request).await
    }

    async fn record_support_session(
        &self,
        request: Request<pb::RecordSupportSessionRequest>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        self.support_command(request).await
    }

    async fn start_apprenticeship(
        &self,
        request: Request<pb::StartApprenticeshipRequest>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        self.support_command(request).await
    }

    async fn end_apprenticeship(
        &self,
        request: Request<pb::EndApprenticeshipRequest>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        self.support_command(request).await
    }

    async fn record_mentoring_visit(
        &self,
        request: Request<pb::RecordMentoringVisitRequest>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        self.support_command(request).await
    }

    async fn get_group(
        &self,
        request: Request<pb::GetGroupRequest>,
    ) -> Result<Response<pb::KubeGroup>, Status> {
        self.get_group_query(request).await
    }

    async fn list_groups(
        &self,
        request: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::ListGroupsResponse>, Status> {
        self.list_groups_query(request).await
    }

    async fn get_facilitator_caseload(
        &self,
        request: Request<pb::GetFacilitatorCaseloadRequest>,
    ) -> Result<Response<pb::FacilitatorCaseload>, Status> {
        self.caseload_query(request).await
    }

    type StreamGroupHistoryStream = HistoryStream;

    async fn stream_group_history(
        &self,
        request: Request<pb::StreamGroupHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        self.group_history(request).await
    }

    async fn verify_group_history(
        &self,
        request: Request<pb::VerifyGroupHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        self.verify_group(request).await
    }

    async fn get_household_standing(
        &self,
        request: Request<pb::GetHouseholdStandingRequest>,
    ) -> Result<Response<pb::HouseholdStanding>, Status> {
        self.standing_query(request).await
    }

    async fn get_support(
        &self,
        request: Request<pb::GetSupportRequest>,
    ) -> Result<Response<pb::SupportRecord>, Status> {
        self.support_query(request).await
    }

    type StreamSupportHistoryStream = HistoryStream;

    async fn stream_support_history(
        &self,
        request: Request<pb::StreamSupportHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        self.support_history(request).await
    }
}
