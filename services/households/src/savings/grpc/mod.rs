//! The `berdaya.households.v1.SavingsService` gRPC API: authorise, validate, run the
//! command through the aggregate store, answer.

mod effects;
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
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::grpc::household_not_found;

use crate::registry::Registry;
use crate::savings::codec::SavingsCodec;
use crate::savings::domain::{
    AccountStatus, IncentiveRule, SavingsAccount, SavingsCommand, SavingsEvent,
};

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.households.v1.SavingsService";
/// The stream category of savings accounts.
pub const CATEGORY: &str =
    <crate::savings::domain::SavingsAccount as berdaya_domain::Aggregate>::CATEGORY;
/// The secondary index of accounts by household (key: the household id).
pub const HOUSEHOLD_INDEX: &str = "savings-household";
/// The unique-claim scope that keeps one open account per household or member.
pub const HOLDER_SCOPE: &str = "savings-holder";

/// The stream id of a savings account.
pub fn stream_id(account_id: Uuid) -> String {
    berdaya_eventstore::stream_id(CATEGORY, account_id)
}

/// The savings gRPC service.
#[derive(Clone)]
pub struct SavingsApi {
    inner: Arc<AccountEdge>,
}

impl std::fmt::Debug for SavingsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavingsApi").finish_non_exhaustive()
    }
}

/// The savings account aggregate at the edge.
pub(crate) struct AccountEdge {
    accounts: AggregateStore<SavingsAccount, SavingsCodec>,
    registry: Registry,
    regions: &'static RegionDirectory,
}

#[tonic::async_trait]
impl Edge for AccountEdge {
    type Aggregate = SavingsAccount;
    type Codec = SavingsCodec;
    type Response = pb::SavingsAccountResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "savings account";
    const ID_FIELD: &'static str = "account_id";

    fn aggregates(&self) -> &AggregateStore<SavingsAccount, SavingsCodec> {
        &self.accounts
    }

    fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    fn region(state: &SavingsAccount) -> Option<String> {
        (state.status != AccountStatus::Unopened).then(|| village_of(state))
    }

    /// The household a new account is opened for, as the caller may know it, and that no
    /// other open account holds it already: its village is the account's region.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut SavingsCommand,
    ) -> Result<Option<String>, Status> {
        let Some(household) = command.household_mut() else {
            return Ok(None);
        };
        household.standing = self
            .registry
            .standing_for(principal, household.household_id)
            .await?;
        let village = household.standing.village().map(ToString::to_string);
        let village = village.ok_or_else(|| household_not_found(household.household_id))?;
        let stream = command.account_id().map(stream_id).unwrap_or_default();
        effects::holder_is_free(self.accounts.events().as_ref(), &stream, command).await?;
        Ok(Some(village))
    }

    fn side_effects(
        &self,
        _: &SavingsAccount,
        events: &[SavingsEvent],
        after: &SavingsAccount,
    ) -> SideEffects {
        effects::side_effects(events, after)
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::SavingsAccountResponse {
        let Answer {
            after,
            version,
            emitted,
            ..
        } = answer;
        let incentive_credited = emitted
            .iter()
            .filter_map(|e| match &e.event {
                SavingsEvent::IncentiveCredited { amount, .. } => Some(amount.amount()),
                _ => None,
            })
            .sum();
        pb::SavingsAccountResponse {
            account: Some(view::account(after, version, today())),
            event_ids: emitted.iter().map(|e| e.event_id.to_string()).collect(),
            incentive_credited,
        }
    }
}

impl SavingsApi {
    /// The service over the households event store, with the deployment's vault and
    /// incentive rule.
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>, rule: IncentiveRule) -> Self {
        Self {
            inner: Arc::new(AccountEdge {
                accounts: AggregateStore::new(store.clone(), vault.clone(), SavingsCodec)
                    .with_rules(rule),
                registry: Registry::new(store, vault),
                regions: RegionDirectory::embedded(),
            }),
        }
    }

    fn validator(&self) -> Validator<'static> {
        self.inner.validator()
    }

    /// Runs one mutating request through the command path.
    async fn command<Req: CommandMessage<AccountEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        command::run(self.inner.as_ref(), request).await
    }

    async fn load(&self, stream: &str) -> Result<Arc<Loaded<SavingsAccount>>, Status> {
        self.inner
            .accounts
            .load(stream)
            .await
            .map_err(command_status)
    }

    /// An account the principal may read, with its stream id.
    async fn readable(
        &self,
        principal: &Principal,
        account_id: &str,
    ) -> Result<(String, Arc<Loaded<SavingsAccount>>), Status> {
        let mut validator = self.validator();
        let id = validator.id("account_id", account_id);
        validator.finish()?;
        let id = id.unwrap_or_default();
        let stream = stream_id(id);
        let loaded = self.load(&stream).await?;
        if !visible(principal, &loaded.state) {
            return Err(account_not_found(id));
        }
        Ok((stream, loaded))
    }
}

/// The answer for an unknown account, and for one outside the caller's regions.
fn account_not_found(id: Uuid) -> Status {
    Status::not_found(format!("savings account {id} not found"))
}

/// An opened account whose household lives inside the caller's regions.
fn visible(principal: &Principal, account: &SavingsAccount) -> bool {
    account.status != AccountStatus::Unopened && principal.sees(&village_of(account))
}

fn village_of(account: &SavingsAccount) -> String {
    account
        .village
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[tonic::async_trait]
impl SavingsService for SavingsApi {
    async fn open_savings_account(
        &self,
        request: Request<pb::OpenSavingsAccountRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn deposit(
        &self,
        request: Request<pb::DepositRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn withdraw(
        &self,
        request: Request<pb::WithdrawRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn set_savings_goal(
        &self,
        request: Request<pb::SetSavingsGoalRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn cancel_savings_goal(
        &self,
        request: Request<pb::CancelSavingsGoalRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn close_savings_account(
        &self,
        request: Request<pb::CloseSavingsAccountRequest>,
    ) -> Result<Response<pb::SavingsAccountResponse>, Status> {
        self.command(request).await
    }

    async fn get_savings_account(
        &self,
        request: Request<pb::GetSavingsAccountRequest>,
    ) -> Result<Response<pb::SavingsAccount>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable(&principal, &request.get_ref().account_id)
            .await?;
        Ok(Response::new(view::account(
            &loaded.state,
            loaded.version,
            today(),
        )))
    }

    async fn list_household_savings_accounts(
        &self,
        request: Request<pb::ListHouseholdSavingsAccountsRequest>,
    ) -> Result<Response<pb::ListHouseholdSavingsAccountsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        self.list_for_household(&principal, request.into_inner())
            .await
    }

    async fn get_savings_statement(
        &self,
        request: Request<pb::GetSavingsStatementRequest>,
    ) -> Result<Response<pb::SavingsStatement>, Status> {
        let principal = Principal::from_request(&request)?;
        self.statement(&principal, request.into_inner()).await
    }

    async fn get_savings_streak(
        &self,
        request: Request<pb::GetSavingsStreakRequest>,
    ) -> Result<Response<pb::SavingsStreak>, Status> {
        let principal = Principal::from_request(&request)?;
        self.streak(&principal, request.into_inner()).await
    }

    type StreamSavingsHistoryStream = HistoryStream;

    async fn stream_savings_history(
        &self,
        request: Request<pb::StreamSavingsHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().account_id)
            .await?;
        Ok(Response::new(history::stream(
            self.inner.accounts.events().clone(),
            stream,
        )))
    }
}
