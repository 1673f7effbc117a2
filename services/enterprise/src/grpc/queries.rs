//! Reads: one group (from its aggregate), lists and caseloads (from the group index),
//! a household's standing (from the households view) and support record, and the
//! histories auditors stream.

use std::sync::Arc;

use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::auth::Principal;
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::commands::{group_not_found, group_visible};
use super::{DEFAULT_PAGE_SIZE, EnterpriseApi, MAX_PAGE_SIZE, group_stream, support_stream, view};
use crate::convert;
use crate::domain::{KubeGroup, Support};
use crate::views::groups::GroupFilter;
use crate::views::households::HouseholdRow;

impl EnterpriseApi {
    /// The first day a group's last activity must reach not to be flagged inactive.
    fn inactive_before(&self) -> chrono::NaiveDate {
        today() - chrono::Duration::days(i64::from(self.inner.policy.inactive_after_days))
    }

    async fn readable_group(
        &self,
        principal: &Principal,
        group_id: &str,
    ) -> Result<(String, Arc<Loaded<KubeGroup>>), Status> {
        let mut validator = self.validator();
        let id = validator.id("group_id", group_id);
        validator.finish()?;
        let id = id.unwrap_or_default();
        let stream = group_stream(id);
        let loaded = self
            .inner
            .groups
            .load(&stream)
            .await
            .map_err(command_status)?;
        if !group_visible(principal, &loaded.state) {
            return Err(group_not_found(id));
        }
        Ok((stream, loaded))
    }

    pub(super) async fn get_group_query(
        &self,
        request: Request<pb::GetGroupRequest>,
    ) -> Result<Response<pb::KubeGroup>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable_group(&principal, &request.get_ref().group_id)
            .await?;
        Ok(Response::new(view::group(
            &loaded.state,
            loaded.version,
            today(),
            &self.inner.policy,
            self.inner.regions,
        )))
    }

    pub(super) async fn group_history(
        &self,
        request: Request<pb::StreamGroupHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable_group(&principal, &request.get_ref().group_id)
            .await?;
        Ok(Response::new(history::stream(
            self.events().clone(),
            stream,
        )))
    }

    pub(super) async fn verify_group(
        &self,
        request: Request<pb::VerifyGroupHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable_group(&principal, &request.get_ref().group_id)
            .await?;
        Ok(Response::new(
            history::verify(self.events().as_ref(), &stream).await?,
        ))
    }

    pub(super) async fn list_groups_query(
        &self,
        request: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::ListGroupsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let page = message.page.unwrap_or_default();
        let mut v = self.validator();
        let prefix = v.region_prefix("region_prefix", message.region_prefix.trim());
        let stage = match message.stage {
            0 => Some(None),
            value => v
                .required("stage", convert::stage(value), "Stage")
                .map(Some),
        };
        let facilitator = v.optional_actor_id("facilitator_id", &message.facilitator_id);
        let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        let after = v.page_token(&page.page_token, |token| Uuid::parse_str(token).ok());
        v.finish()?;
        let (Some(prefix), Some(stage), Some(facilitator), Some(after)) =
            (prefix, stage, facilitator, after)
        else {
            return Err(Status::invalid_argument("invalid request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let cutoff = self.inactive_before();
        let filter = GroupFilter {
            region_prefix: prefix,
            stage,
            facilitator_id: facilitator,
            inactive_before: message.inactive_only.then_some(cutoff),
            include_dissolved: message.include_dissolved,
        };
        let rows =
            crate::views::groups::list(&self.inner.views, &filter, after, i64::from(size) + 1)
                .await
                .map_err(|e| store_status(&e))?;
        let more = rows.len() > size as usize;
        let groups: Vec<pb::GroupSummary> = rows
            .iter()
            .take(size as usize)
            .map(|row| view::summary(row, cutoff))
            .collect();
        let next_page_token = if more {
            groups
                .last()
                .map(|g| g.group_id.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::new(pb::ListGroupsResponse {
            groups,
            page: Some(common::PageResponse { next_page_token }),
        }))
    }

    pub(super) async fn caseload_query(
        &self,
        request: Request<pb::GetFacilitatorCaseloadRequest>,
    ) -> Result<Response<pb::FacilitatorCaseload>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.validator();
        let prefix = v.region_prefix("region_prefix", request.get_ref().region_prefix.trim());
        v.finish()?;
        let prefix = prefix.unwrap_or_default();
        principal.can_read(&prefix, "region_prefix")?;
        let target = self.inner.policy.groups_per_facilitator;
        let loads =
            crate::views::groups::caseload(&self.inner.views, &prefix, self.inactive_before())
                .await
                .map_err(|e| store_status(&e))?;
        let count = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        let mut answer = pb::FacilitatorCaseload {
            target_groups_per_facilitator: i32::try_from(target).unwrap_or(i32::MAX),
            ..Default::default()
        };
        for load in loads {
            if load.facilitator_id.is_empty() {
                answer.groups_without_facilitator = count(load.groups);
            } else {
                answer.facilitators.push(pb::FacilitatorLoad {
                    facilitator_id: load.facilitator_id,
                    groups: count(load.groups),
                    inactive_groups: count(load.inactive),
                    over_target: load.groups > i64::from(target),
                });
            }
        }
        Ok(Response::new(answer))
    }

    /// The household id of a read request, and what the view knows of it (`None` when
    /// the household is unknown here).
    async fn readable_household(
        &self,
        principal: &Principal,
        household_id: &str,
    ) -> Result<(Uuid, Option<HouseholdRow>), Status> {
        let mut v = self.validator();
        let id = v.id("household_id", household_id);
        v.finish()?;
        let id = id.unwrap_or_default();
        let row = crate::views::households::get(&self.inner.views, id)
            .await
            .map_err(|e| store_status(&e))?
            // Outside the caller's regions reads as not known here at all.
            .filter(|row| principal.sees(&row.village_code));
        Ok((id, row))
    }

    pub(super) async fn standing_query(
        &self,
        request: Request<pb::GetHouseholdStandingRequest>,
    ) -> Result<Response<pb::HouseholdStanding>, Status> {
        let principal = Principal::from_request(&request)?;
        let household_id = &request.get_ref().household_id;
        let (id, row) = self.readable_household(&principal, household_id).await?;
        let Some(row) = row else {
            return Err(Status::not_found(format!(
                "household {id} is not known to the enterprise service: it is not registered, or its registration has not arrived yet"
            )));
        };
        let group = self.current_group(id).await?;
        Ok(Response::new(pb::HouseholdStanding {
            household_id: id.to_string(),
            village_code: row.village_code,
            active: row.active,
            active_group_id: group.map(|g| g.to_string()).unwrap_or_default(),
        }))
    }

    async fn readable_support(
        &self,
        principal: &Principal,
        household_id: &str,
    ) -> Result<(Uuid, String, Arc<Loaded<Support>>), Status> {
        let (id, row) = self.readable_household(principal, household_id).await?;
        let village = row.map(|r| r.village_code);
        let stream = support_stream(id);
        let loaded = self
            .inner
            .support
            .load(&stream)
            .await
            .map_err(command_status)?;
        match village {
            Some(village) => Ok((id, village, loaded)),
            None => Err(Status::not_found(format!(
                "household {id} is not known to the enterprise service"
            ))),
        }
    }

    pub(super) async fn support_query(
        &self,
        request: Request<pb::GetSupportRequest>,
    ) -> Result<Response<pb::SupportRecord>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, village, loaded) = self
            .readable_support(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(view::support(
            id,
            &loaded.state,
            loaded.version,
            &village,
        )))
    }

    pub(super) async fn support_history(
        &self,
        request: Request<pb::StreamSupportHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, _) = self
            .readable_support(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(history::stream(
            self.events().clone(),
            support_stream(id),
        )))
    }
}
