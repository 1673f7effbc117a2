//! The `berdaya.advocacy.v1.AdvocacyService` gRPC API: each command runs the one command
//! path ([`berdaya_platform::command::run`]) on the case's edge; queries read the case
//! aggregates (lists through the store's region listing and household index).

mod edge;
pub mod index;
mod queries;
mod requests;
mod timeline;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::AggregateStore;
use berdaya_platform::command::{self, CommandMessage};
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::advocacy::v1::advocacy_service_server::AdvocacyService;
use berdaya_proto::berdaya::common::v1 as common;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::codec::CaseCodec;
use crate::domain::{AdvocacyCase, CaseRules};
use crate::views::ViewDb;
use edge::{CaseEdge, NoteReadEdge};

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.advocacy.v1.AdvocacyService";
/// The stream category of advocacy cases.
pub const CATEGORY: &str = <crate::domain::AdvocacyCase as berdaya_domain::Aggregate>::CATEGORY;
/// Largest page of the list queries.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream id of a case.
pub fn case_stream(case_id: Uuid) -> String {
    berdaya_eventstore::stream_id(CATEGORY, case_id)
}

/// What the edges and queries share.
struct Inner {
    cases: AggregateStore<AdvocacyCase, CaseCodec>,
    views: ViewDb,
    regions: &'static RegionDirectory,
}

/// The advocacy gRPC service.
#[derive(Clone)]
pub struct AdvocacyApi {
    inner: Arc<Inner>,
    cases: CaseEdge,
    reads: NoteReadEdge,
}

impl std::fmt::Debug for AdvocacyApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdvocacyApi").finish_non_exhaustive()
    }
}

impl AdvocacyApi {
    /// The service over the advocacy event store and its views' database, with the
    /// deployment's vault and case rules. Feed the households view with
    /// [`crate::views::start`].
    pub fn new(
        store: Arc<dyn EventStore>,
        vault: Arc<Vault>,
        views: ViewDb,
        rules: CaseRules,
    ) -> Self {
        let inner = Arc::new(Inner {
            cases: AggregateStore::new(store, vault, CaseCodec).with_rules(rules),
            views,
            regions: RegionDirectory::embedded(),
        });
        Self {
            cases: CaseEdge(inner.clone()),
            reads: NoteReadEdge(inner.clone()),
            inner,
        }
    }

    /// The advocacy event store.
    pub fn events(&self) -> &Arc<dyn EventStore> {
        self.inner.cases.events()
    }

    async fn command<Req: CommandMessage<CaseEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        command::run(&self.cases, request).await
    }
}

#[tonic::async_trait]
impl AdvocacyService for AdvocacyApi {
    async fn report_case(
        &self,
        request: Request<pb::ReportCaseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn assess_case(
        &self,
        request: Request<pb::AssessCaseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn add_evidence(
        &self,
        request: Request<pb::AddEvidenceRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn add_households(
        &self,
        request: Request<pb::AddHouseholdsRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn assign_caseworker(
        &self,
        request: Request<pb::AssignCaseworkerRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn unassign_caseworker(
        &self,
        request: Request<pb::UnassignCaseworkerRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn adopt_action_plan(
        &self,
        request: Request<pb::AdoptActionPlanRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn take_action(
        &self,
        request: Request<pb::TakeActionRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn escalate_case(
        &self,
        request: Request<pb::EscalateCaseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn change_urgency(
        &self,
        request: Request<pb::ChangeUrgencyRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn await_reporter(
        &self,
        request: Request<pb::AwaitReporterRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn record_reporter_response(
        &self,
        request: Request<pb::RecordReporterResponseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn resolve_case(
        &self,
        request: Request<pb::ResolveCaseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn close_case_unresolved(
        &self,
        request: Request<pb::CloseCaseUnresolvedRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn reopen_case(
        &self,
        request: Request<pb::ReopenCaseRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn add_note(
        &self,
        request: Request<pb::AddNoteRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn read_confidential_note(
        &self,
        request: Request<pb::ReadConfidentialNoteRequest>,
    ) -> Result<Response<pb::ReadConfidentialNoteResponse>, Status> {
        command::run(&self.reads, request).await
    }

    async fn erase_case_personal_data(
        &self,
        request: Request<pb::EraseCasePersonalDataRequest>,
    ) -> Result<Response<pb::CaseResponse>, Status> {
        self.command(request).await
    }

    async fn get_case(
        &self,
        request: Request<pb::GetCaseRequest>,
    ) -> Result<Response<pb::AdvocacyCase>, Status> {
        self.get_case_query(request).await
    }

    async fn list_cases(
        &self,
        request: Request<pb::ListCasesRequest>,
    ) -> Result<Response<pb::ListCasesResponse>, Status> {
        self.list_cases_query(request).await
    }

    async fn list_household_cases(
        &self,
        request: Request<pb::ListHouseholdCasesRequest>,
    ) -> Result<Response<pb::ListCasesResponse>, Status> {
        self.household_cases_query(request).await
    }

    async fn get_case_timeline(
        &self,
        request: Request<pb::GetCaseTimelineRequest>,
    ) -> Result<Response<pb::CaseTimeline>, Status> {
        self.timeline_query(request).await
    }

    async fn list_rights(
        &self,
        _request: Request<pb::ListRightsRequest>,
    ) -> Result<Response<pb::ListRightsResponse>, Status> {
        Ok(Response::new(pb::ListRightsResponse {
            rights: self
                .inner
                .cases
                .rules()
                .rights
                .iter()
                .map(|r| pb::Right {
                    code: r.code.clone(),
                    label_id: r.label_id.clone(),
                    label_en: r.label_en.clone(),
                })
                .collect(),
        }))
    }

    type StreamCaseHistoryStream = HistoryStream;

    async fn stream_case_history(
        &self,
        request: Request<pb::StreamCaseHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        self.history_query(request).await
    }

    async fn verify_case_history(
        &self,
        request: Request<pb::VerifyCaseHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        self.verify_query(request).await
    }
}
