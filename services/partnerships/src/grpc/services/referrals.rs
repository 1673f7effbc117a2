//! `berdaya.partnerships.v1.ReferralsService`.

use std::sync::Arc;

use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::command::{Edge, run};
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::referrals_service_server::ReferralsService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::missing;
use crate::convert;
use crate::domain::{Referee, Referral, ReferralOutcome, ReferralStatus};
use crate::grpc::edges::ReferralEdge;
use crate::grpc::queries::{Found, indexed, next_token, optional_date, paging, scan, sees};
use crate::grpc::{
    PartnershipsApi, REFERRAL_BY_AGREEMENT, REFERRAL_BY_PARTNER, REFERRAL_BY_REFEREE,
    REFERRAL_CATEGORY, referral_stream, view,
};

impl PartnershipsApi {
    async fn readable_referral(
        &self,
        principal: &Principal,
        referral_id: &str,
    ) -> Result<(Uuid, String, Arc<Loaded<Referral>>), Status> {
        self.inner
            .readable(
                &self.inner.referrals,
                "referral_id",
                referral_id,
                referral_stream,
                "referral",
                |r| sees(principal, ReferralEdge::region(r)),
            )
            .await
    }
}

#[tonic::async_trait]
impl ReferralsService for PartnershipsApi {
    async fn make_referral(
        &self,
        request: Request<pb::MakeReferralRequest>,
    ) -> Result<Response<pb::ReferralResponse>, Status> {
        run(&self.referrals, request).await
    }

    async fn accept_referral(
        &self,
        request: Request<pb::AcceptReferralRequest>,
    ) -> Result<Response<pb::ReferralResponse>, Status> {
        run(&self.referrals, request).await
    }

    async fn decline_referral(
        &self,
        request: Request<pb::DeclineReferralRequest>,
    ) -> Result<Response<pb::ReferralResponse>, Status> {
        run(&self.referrals, request).await
    }

    async fn complete_referral(
        &self,
        request: Request<pb::CompleteReferralRequest>,
    ) -> Result<Response<pb::ReferralResponse>, Status> {
        run(&self.referrals, request).await
    }

    async fn withdraw_referral(
        &self,
        request: Request<pb::WithdrawReferralRequest>,
    ) -> Result<Response<pb::ReferralResponse>, Status> {
        run(&self.referrals, request).await
    }

    async fn get_referral(
        &self,
        request: Request<pb::GetReferralRequest>,
    ) -> Result<Response<pb::Referral>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, loaded) = self
            .readable_referral(&principal, &request.get_ref().referral_id)
            .await?;
        Ok(Response::new(view::referral(
            id,
            &loaded.state,
            loaded.version,
        )))
    }

    async fn list_referrals(
        &self,
        request: Request<pb::ListReferralsRequest>,
    ) -> Result<Response<pb::ListReferralsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let status = v.optional_enum(
            "status",
            m.status,
            convert::referral_status(m.status),
            "ReferralStatus",
        );
        let purpose = v.optional_enum(
            "purpose",
            m.purpose,
            convert::referral_purpose(m.purpose),
            "ReferralPurpose",
        );
        let partner = v.optional_id("partner_id", &m.partner_id);
        let household = v.optional_id("household_id", &m.household_id);
        let group = v.optional_id("group_id", &m.group_id);
        let agreement = v.optional_id("agreement_id", &m.agreement_id);
        let from = optional_date(&mut v, "referred_from", &m.referred_from);
        let to = optional_date(&mut v, "referred_to", &m.referred_to);
        let (size, after) = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (
            Some(prefix),
            Some(status),
            Some(purpose),
            Some(partner),
            Some(household),
            Some(group),
            Some(agreement),
            Some(from),
            Some(to),
            Some(after),
        ) = (
            prefix, status, purpose, partner, household, group, agreement, from, to, after,
        )
        else {
            return Err(missing("request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let keep = |r: &Referral| {
            sees(&principal, ReferralEdge::region(r))
                && r.village
                    .as_ref()
                    .is_some_and(|v| v.is_within(&prefix) || prefix.is_empty())
                && status.is_none_or(|s| r.status == s)
                && purpose.is_none_or(|p| r.purpose == Some(p))
                && partner.is_none_or(|p| r.partner_id == Some(p))
                && household.is_none_or(|h| r.referee == Some(Referee::Household(h)))
                && group.is_none_or(|g| r.referee == Some(Referee::Group(g)))
                && agreement.is_none_or(|a| r.agreement_id == Some(a))
                && from.is_none_or(|f| r.referred_on.is_some_and(|d| d >= f))
                && to.is_none_or(|t| r.referred_on.is_some_and(|d| d <= t))
        };
        let by_index = household
            .or(group)
            .map(|id| (REFERRAL_BY_REFEREE, id))
            .or(partner.map(|id| (REFERRAL_BY_PARTNER, id)))
            .or(agreement.map(|id| (REFERRAL_BY_AGREEMENT, id)));
        let mut found: Vec<Found<Referral>> = match by_index {
            Some((index, id)) => {
                indexed(
                    &self.inner.referrals,
                    index,
                    &id.to_string(),
                    REFERRAL_CATEGORY,
                    after.as_deref(),
                    keep,
                )
                .await?
            }
            None => {
                scan(
                    &self.inner.referrals,
                    REFERRAL_CATEGORY,
                    &prefix,
                    after,
                    size,
                    keep,
                )
                .await?
            }
        };
        let page = next_token(&mut found, size, REFERRAL_CATEGORY);
        Ok(Response::new(pb::ListReferralsResponse {
            referrals: found
                .iter()
                .map(|(id, l)| view::referral(*id, &l.state, l.version))
                .collect(),
            page: Some(page),
        }))
    }

    async fn get_household_referrals(
        &self,
        request: Request<pb::GetHouseholdReferralsRequest>,
    ) -> Result<Response<pb::HouseholdReferrals>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.inner.validator();
        let household = v.id("household_id", &request.get_ref().household_id);
        v.finish()?;
        let household = household.ok_or_else(|| missing("household_id"))?;
        let (_, village) = self
            .inner
            .referee_facts(&principal, Referee::Household(household))
            .await?;
        if village.is_none() {
            return Err(Status::not_found(format!(
                "household {household} is not known to the partnerships service: it is not registered, or its registration has not arrived yet"
            )));
        }
        let found = indexed(
            &self.inner.referrals,
            REFERRAL_BY_REFEREE,
            &household.to_string(),
            REFERRAL_CATEGORY,
            None,
            |r| sees(&principal, ReferralEdge::region(r)),
        )
        .await?;
        let with = |s: ReferralStatus| {
            i32::try_from(found.iter().filter(|(_, l)| l.state.status == s).count())
                .unwrap_or(i32::MAX)
        };
        let credit_obtained = found
            .iter()
            .filter_map(|(_, l)| match &l.state.outcome {
                Some(ReferralOutcome::LoanGranted { amount, .. }) => Some(amount.amount()),
                _ => None,
            })
            .fold(0_i64, i64::saturating_add);
        Ok(Response::new(pb::HouseholdReferrals {
            household_id: household.to_string(),
            open: with(ReferralStatus::Referred) + with(ReferralStatus::Accepted),
            completed: with(ReferralStatus::Completed),
            declined: with(ReferralStatus::Declined),
            credit_obtained,
            referrals: found
                .iter()
                .map(|(id, l)| view::referral(*id, &l.state, l.version))
                .collect(),
        }))
    }

    type StreamReferralHistoryStream = HistoryStream;

    async fn stream_referral_history(
        &self,
        request: Request<pb::StreamReferralHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_referral(&principal, &request.get_ref().referral_id)
            .await?;
        Ok(Response::new(self.inner.history(stream)))
    }

    async fn verify_referral_history(
        &self,
        request: Request<pb::VerifyReferralHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_referral(&principal, &request.get_ref().referral_id)
            .await?;
        Ok(Response::new(self.inner.verify(&stream).await?))
    }
}
