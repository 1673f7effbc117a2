//! The enterprise context's two aggregates at the edge, for the one command path
//! ([`berdaya_platform::command::run`]): KUBE groups ([`GroupEdge`]) and individual
//! support records ([`SupportEdge`]). Both look up member households in the local view
//! and their current group in the membership claims, as the caller may know them.

use std::sync::Arc;

use berdaya_domain::id::RegionCode;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::{AggregateStore, SideEffects};
use berdaya_platform::command::{self, Answer, CommandMessage, Edge};
use berdaya_platform::grpc_error::{domain_status, internal, store_status};
use berdaya_platform::validate::{Validator, today};
use berdaya_proto::berdaya::enterprise::v1 as pb;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::requests::{group_facts_mut, support_facts_mut};
use super::{EnterpriseApi, Inner, SERVICE_NAME, effects, view};
use crate::codec::{GroupCodec, SupportCodec};
use crate::domain::{
    GroupCommand, GroupEvent, GroupPolicy, GroupStatus, HouseholdFacts, KubeGroup, Standing,
    Support, SupportCommand, SupportEvent, unknown_household,
};

impl Inner {
    /// What the rules need to know of `household` (its standing in the local view and
    /// the active group holding its membership claim), and its village as last heard,
    /// open or closed. A household outside the caller's regions is looked up as one never
    /// heard of, so that no answer reveals that it exists or where it lives.
    pub(super) async fn lookup(
        &self,
        principal: &Principal,
        household: Uuid,
    ) -> Result<(HouseholdFacts, Option<String>), Status> {
        let row = crate::views::households::get(&self.views, household)
            .await
            .map_err(|e| store_status(&e))?
            .filter(|row| principal.sees(&row.village_code));
        let standing = match &row {
            None => Standing::Unknown,
            Some(row) if !row.active => Standing::Closed,
            Some(row) => Standing::Active {
                village: RegionCode::parse(&row.village_code).map_err(internal)?,
                group: self.current_group(household).await?,
            },
        };
        let facts = HouseholdFacts {
            household_id: household,
            standing,
        };
        Ok((facts, row.map(|r| r.village_code)))
    }

    /// The active group whose membership claim `household` holds, if any.
    pub(super) async fn current_group(&self, household: Uuid) -> Result<Option<Uuid>, Status> {
        let owner = self
            .groups
            .events()
            .unique_owner(&effects::membership_key(household))
            .await
            .map_err(|e| store_status(&e))?;
        Ok(owner
            .as_deref()
            .and_then(|s| berdaya_eventstore::aggregate_id(s, super::GROUP_CATEGORY))
            .and_then(|id| Uuid::parse_str(id).ok()))
    }

    pub(super) fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }
}

/// The KUBE group aggregate at the edge.
#[derive(Clone)]
pub(crate) struct GroupEdge(pub(super) Arc<Inner>);

impl GroupEdge {
    /// The KUBE rules from configuration.
    pub(crate) fn policy(&self) -> &Arc<GroupPolicy> {
        &self.0.policy
    }
}

#[tonic::async_trait]
impl Edge for GroupEdge {
    type Aggregate = KubeGroup;
    type Codec = GroupCodec;
    type Response = pb::GroupResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "kube group";
    const ID_FIELD: &'static str = "group_id";

    fn aggregates(&self) -> &AggregateStore<KubeGroup, GroupCodec> {
        &self.0.groups
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &KubeGroup) -> Option<String> {
        (state.status != GroupStatus::Unformed)
            .then(|| state.village.as_ref().map(ToString::to_string))
            .flatten()
    }

    /// The standing of every household the command names.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut GroupCommand,
    ) -> Result<Option<String>, Status> {
        for facts in group_facts_mut(command) {
            facts.standing = self
                .0
                .lookup(principal, facts.household_id)
                .await?
                .0
                .standing;
        }
        Ok(None)
    }

    fn side_effects(
        &self,
        before: &KubeGroup,
        events: &[GroupEvent],
        after: &KubeGroup,
    ) -> SideEffects {
        effects::side_effects(&self.0.policy, before, events, after)
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::GroupResponse {
        let group = view::group(
            answer.after,
            answer.version,
            today(),
            &self.0.policy,
            self.0.regions,
        );
        pb::GroupResponse {
            group: Some(group),
            event_ids: answer
                .emitted
                .iter()
                .map(|e| e.event_id.to_string())
                .collect(),
        }
    }
}

/// A household's individual support record at the edge. The record belongs to the
/// household (its stream is keyed by the household id) and is created by its first
/// command, so every command may create it; its region is the household's village.
#[derive(Clone)]
pub(crate) struct SupportEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for SupportEdge {
    type Aggregate = Support;
    type Codec = SupportCodec;
    type Response = pb::SupportResponse;

    const SERVICE: &'static str = SERVICE_NAME;
    const NOUN: &'static str = "support record";
    const ID_FIELD: &'static str = "household_id";

    fn aggregates(&self) -> &AggregateStore<Support, SupportCodec> {
        &self.0.support
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    /// A support record does not know its region: the household's village says it.
    fn region(_: &Support) -> Option<String> {
        None
    }

    /// The household, as the caller may know it; its village is the record's region.
    async fn look_up(
        &self,
        principal: &Principal,
        household: Uuid,
        command: &mut SupportCommand,
    ) -> Result<Option<String>, Status> {
        let (facts, village) = self.0.lookup(principal, household).await?;
        // Unknown here, or outside the caller's regions (the same to the caller).
        let Some(village) = village else {
            return Err(domain_status(&unknown_household(household)));
        };
        if let Some(slot) = support_facts_mut(command) {
            *slot = facts;
        }
        Ok(Some(village))
    }

    fn side_effects(&self, _: &Support, _: &[SupportEvent], _: &Support) -> SideEffects {
        SideEffects::default()
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::SupportResponse {
        let village = answer.region.unwrap_or_default();
        pb::SupportResponse {
            support: Some(view::support(
                answer.id,
                answer.after,
                answer.version,
                village,
            )),
            event_ids: answer
                .emitted
                .iter()
                .map(|e| e.event_id.to_string())
                .collect(),
        }
    }
}

impl EnterpriseApi {
    /// Runs one mutating group request through the command path.
    pub(super) async fn group_command<Req: CommandMessage<GroupEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        command::run(&self.groups, request).await
    }

    /// Runs one mutating support request through the command path.
    pub(super) async fn support_command<Req: CommandMessage<SupportEdge>>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        command::run(&self.support, request).await
    }

    /// The active group whose membership claim `household` holds, if any.
    pub(super) async fn current_group(&self, household: Uuid) -> Result<Option<Uuid>, Status> {
        self.inner.current_group(household).await
    }
}

/// The answer for an unknown KUBE group, and for one outside the caller's regions.
pub(super) fn group_not_found(id: Uuid) -> Status {
    Status::not_found(format!("kube group {id} not found"))
}

/// A formed group inside the caller's regions.
pub(super) fn group_visible(principal: &Principal, group: &KubeGroup) -> bool {
    GroupEdge::region(group).is_some_and(|region| principal.sees(&region))
}
