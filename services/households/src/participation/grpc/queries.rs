//! The two participation queries, each reading only what it answers through the event
//! store's secondary indexes (see [`super::index`]): activities by region and period,
//! and a household's participation record.

use berdaya_eventstore::IndexHit;
use berdaya_platform::auth::Principal;
use berdaya_platform::grpc_error::store_status;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::households::v1 as pb;
use tonic::{Response, Status};

use super::index::{self, HOUSEHOLD_INDEX, REGION_INDEX};
use super::{ParticipationApi, view};
use crate::grpc::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::participation::convert;
use crate::participation::domain::summarize;

/// Index hits read per round while gathering a household's record.
const RECORD_BATCH: i64 = 500;

impl ParticipationApi {
    /// `ListActivities`.
    pub(super) async fn list(
        &self,
        principal: &Principal,
        message: pb::ListActivitiesRequest,
    ) -> Result<Response<pb::ListActivitiesResponse>, Status> {
        let prefix = message.region_prefix.trim().to_owned();
        let page = message.page.unwrap_or_default();
        let mut v = self.validator();
        v.region_prefix("region_prefix", &prefix);
        let dates = v.period(&message.from, &message.to);
        let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) as usize;
        let after = v.page_token(&page.page_token, |token| {
            index::resume_after(&prefix, token)
        });
        v.finish()?;
        let (Some((from, to)), Some(after)) = (dates, after) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let hits = self
            .inner
            .activities
            .events()
            .find_streams(
                REGION_INDEX,
                &index::region_key(&prefix, from),
                &index::region_key(&prefix, to),
                after.as_ref(),
                size as i64 + 1,
            )
            .await
            .map_err(|e| store_status(&e))?;
        let mut activities = Vec::with_capacity(hits.len().min(size));
        for hit in hits.iter().take(size) {
            let loaded = self.load(&hit.stream_id).await?;
            activities.push(view::activity(
                &loaded.state,
                loaded.version,
                self.inner.regions,
            ));
        }
        let next_page_token = match hits.get(size.saturating_sub(1)) {
            Some(last) if hits.len() > size => index::page_token(last),
            _ => String::new(),
        };
        Ok(Response::new(pb::ListActivitiesResponse {
            activities,
            page: Some(common::PageResponse { next_page_token }),
        }))
    }

    /// `GetParticipationRecord`.
    pub(super) async fn record(
        &self,
        principal: &Principal,
        message: pb::GetParticipationRecordRequest,
    ) -> Result<Response<pb::ParticipationRecord>, Status> {
        let mut v = self.validator();
        let household = v.id("household_id", &message.household_id);
        let dates = v.period(&message.from, &message.to);
        let kind = match (message.kind, convert::kind(message.kind)) {
            (0, _) => None,
            (_, Some(kind)) => Some(kind),
            (value, None) => {
                v.violations
                    .add("kind", format!("{value} is not an ActivityKind value"));
                None
            }
        };
        v.finish()?;
        let (Some(household), Some((from, to))) = (household, dates) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        self.inner.registry.village_of(principal, household).await?;

        let store = self.inner.activities.events();
        let (first, last) = (
            index::household_key(household, from),
            index::household_key(household, to),
        );
        let mut activities = Vec::new();
        let mut after: Option<IndexHit> = None;
        loop {
            let hits = store
                .find_streams(HOUSEHOLD_INDEX, &first, &last, after.as_ref(), RECORD_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            for hit in &hits {
                activities.push(self.load(&hit.stream_id).await?);
            }
            if (hits.len() as i64) < RECORD_BATCH {
                break;
            }
            after = hits.last().cloned();
        }
        let states = activities.iter().map(|loaded| &loaded.state);
        let summary = summarize(household, states, from, to, kind, &self.inner.bands);
        Ok(Response::new(view::record(
            household.to_string(),
            (from, to),
            kind,
            &summary,
            &self.inner.bands,
        )))
    }
}
