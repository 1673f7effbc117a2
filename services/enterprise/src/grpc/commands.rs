//! The two command paths: validate every field, look up what the rules need (member
//! households in the local view, their current group in the membership claims),
//! authorise on the region, run the command through the aggregate store, answer.

use berdaya_domain::id::RegionCode;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::CommandRequest;
use berdaya_platform::auth::Role;
use berdaya_platform::command_context::{Incoming, incoming};
use berdaya_platform::grpc_error::{command_status, domain_status, internal, store_status};
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use prost::Message;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::requests::{GroupMessage, Input, SupportMessage, group_facts_mut, support_facts_mut};
use super::{EnterpriseApi, SERVICE_NAME, effects, group_stream, support_stream, view};
use crate::domain::unknown_household;
use crate::domain::{GroupStatus, HouseholdFacts, KubeGroup, Standing, Support};

impl EnterpriseApi {
    /// What the rules need to know of `household` (its standing in the local view and
    /// the active group holding its membership claim), and its village as last heard,
    /// open or closed.
    pub(super) async fn lookup(
        &self,
        principal: &Principal,
        household: Uuid,
    ) -> Result<(HouseholdFacts, Option<String>), Status> {
        // A household outside the caller's regions is looked up as one never heard of, so
        // that no answer reveals that it exists or where it lives.
        let row = self
            .inner
            .views
            .household(household)
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
            .inner
            .groups
            .events()
            .unique_owner(&effects::membership_key(household))
            .await
            .map_err(|e| store_status(&e))?;
        Ok(owner
            .as_deref()
            .and_then(|s| s.strip_prefix(crate::views::groups::GROUP_STREAM_PREFIX))
            .and_then(|id| Uuid::parse_str(id).ok()))
    }

    /// Runs one mutating group request.
    pub(super) async fn group_command<Req: GroupMessage>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::GroupResponse>, Status> {
        let Incoming {
            principal,
            message,
            context: ctx,
        } = incoming(request, SERVICE_NAME, Req::METHOD, |m| m.context())?;

        // Every field first: a caller learns about all bad fields at once, before any
        // lookup or permission check.
        let today = today();
        let mut validator = self.validator();
        let id = if Req::FORMS && message.group_id().is_empty() {
            Some(Uuid::now_v7())
        } else {
            validator.id("group_id", message.group_id())
        };
        let input = Input {
            policy: &self.inner.policy,
            actor: &principal.subject,
            today,
        };
        let command = message.to_command(&mut validator, &input);
        validator.finish()?;
        let (Some(id), Some(mut command)) = (id, command) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        if let crate::domain::GroupCommand::Form { group_id, .. } = &mut command {
            *group_id = id;
        }

        principal.require_writer()?;
        if Req::DECIDES {
            principal.require_role(&[Role::Supervisor, Role::Admin])?;
        }
        let stream = group_stream(id);
        let loaded = self
            .inner
            .groups
            .load(&stream)
            .await
            .map_err(command_status)?;
        if !Req::FORMS && !group_visible(&principal, &loaded.state) {
            return Err(group_not_found(id));
        }
        for (region, field) in message.extra_regions() {
            principal.can_write(&region, field)?;
        }
        for facts in group_facts_mut(&mut command) {
            facts.standing = self
                .lookup(&principal, facts.household_id)
                .await?
                .0
                .standing;
        }

        let policy = self.inner.policy.clone();
        let regions = self.inner.regions;
        let side_effects = |before: &KubeGroup, events: &[_], after: &KubeGroup| {
            effects::side_effects(&policy, before, events, after)
        };
        let respond = |state: &KubeGroup, version: i64, ids: &[Uuid]| {
            pb::GroupResponse {
                group: Some(view::group(state, version, today, &policy, regions)),
                event_ids: ids.iter().map(ToString::to_string).collect(),
            }
            .encode_to_vec()
        };
        let mut metadata = ctx.metadata;
        metadata.region = match &command {
            crate::domain::GroupCommand::Form { village, .. } => village.to_string(),
            _ => loaded
                .state
                .village
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        };
        let response: pb::GroupResponse = self
            .inner
            .groups
            .execute_rpc(CommandRequest {
                stream_id: stream,
                preloaded: Some(loaded),
                command,
                expected_version: ctx.expected_version,
                metadata,
                idempotency: ctx.idempotency,
                side_effects: &side_effects,
                respond: &respond,
            })
            .await?;
        Ok(Response::new(response))
    }

    /// Runs one mutating support request.
    pub(super) async fn support_command<Req: SupportMessage>(
        &self,
        request: Request<Req>,
    ) -> Result<Response<pb::SupportResponse>, Status> {
        let Incoming {
            principal,
            message,
            context: ctx,
        } = incoming(request, SERVICE_NAME, Req::METHOD, |m| m.context())?;

        let mut validator = self.validator();
        let id = validator.id("household_id", message.household_id());
        let command = id.and_then(|id| message.to_command(&mut validator, id));
        validator.finish()?;
        let (Some(id), Some(mut command)) = (id, command) else {
            return Err(Status::invalid_argument("invalid request"));
        };

        principal.require_writer()?;
        let (facts, village) = self.lookup(&principal, id).await?;
        // Unknown here, or outside the caller's regions (the same to the caller).
        let Some(village) = village else {
            return Err(domain_status(&unknown_household(id)));
        };
        if let Some(slot) = support_facts_mut(&mut command) {
            *slot = facts;
        }
        let stream = support_stream(id);
        let loaded = self
            .inner
            .support
            .load(&stream)
            .await
            .map_err(command_status)?;
        let region = village.clone();
        let side_effects =
            |_: &Support, _: &[_], _: &Support| berdaya_platform::aggregate_store::SideEffects {
                region: Some(region.clone()),
                ..Default::default()
            };
        let village_code = village.clone();
        let respond = |state: &Support, version: i64, ids: &[Uuid]| {
            pb::SupportResponse {
                support: Some(view::support(id, state, version, &village_code)),
                event_ids: ids.iter().map(ToString::to_string).collect(),
            }
            .encode_to_vec()
        };
        let mut metadata = ctx.metadata;
        metadata.region = village;
        let response: pb::SupportResponse = self
            .inner
            .support
            .execute_rpc(CommandRequest {
                stream_id: stream,
                preloaded: Some(loaded),
                command,
                expected_version: ctx.expected_version,
                metadata,
                idempotency: ctx.idempotency,
                side_effects: &side_effects,
                respond: &respond,
            })
            .await?;
        Ok(Response::new(response))
    }
}

/// The answer for an unknown KUBE group, and for one outside the caller's regions.
pub(super) fn group_not_found(id: Uuid) -> Status {
    Status::not_found(format!("kube group {id} not found"))
}

/// A formed group inside the caller's regions.
pub(super) fn group_visible(principal: &Principal, group: &KubeGroup) -> bool {
    group.status != GroupStatus::Unformed
        && principal.sees(group.village.as_ref().map_or("", RegionCode::as_str))
}
