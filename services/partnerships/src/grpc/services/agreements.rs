//! `berdaya.partnerships.v1.AgreementsService`.

use std::sync::Arc;

use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::command::{Edge, run};
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::agreements_service_server::AgreementsService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::missing;
use crate::convert;
use crate::domain::agreement::{CompletedReferral, fulfilments};
use crate::domain::{Agreement, ReferralStatus};
use crate::grpc::edges::AgreementEdge;
use crate::grpc::queries::{as_of, indexed, next_token, paging, scan, sees};
use crate::grpc::{
    AGREEMENT_CATEGORY, PartnershipsApi, REFERRAL_BY_AGREEMENT, REFERRAL_CATEGORY,
    agreement_stream, view,
};

impl PartnershipsApi {
    async fn readable_agreement(
        &self,
        principal: &Principal,
        agreement_id: &str,
    ) -> Result<(Uuid, String, Arc<Loaded<Agreement>>), Status> {
        self.inner
            .readable(
                &self.inner.agreements,
                "agreement_id",
                agreement_id,
                agreement_stream,
                "agreement",
                |a| sees(principal, AgreementEdge::region(a)),
            )
            .await
    }

    /// The completed referrals made under an agreement, for its fulfilment.
    async fn completed_under(&self, agreement_id: Uuid) -> Result<Vec<CompletedReferral>, Status> {
        let found = indexed(
            &self.inner.referrals,
            REFERRAL_BY_AGREEMENT,
            &agreement_id.to_string(),
            REFERRAL_CATEGORY,
            None,
            |r| r.status == ReferralStatus::Completed,
        )
        .await?;
        Ok(found
            .iter()
            .filter_map(|(id, loaded)| {
                let r = &loaded.state;
                Some(CompletedReferral {
                    referral_id: *id,
                    commitment_id: r.commitment_id?,
                    completed_on: r.status_since?,
                    outcome: r.outcome.clone()?,
                })
            })
            .collect())
    }
}

#[tonic::async_trait]
impl AgreementsService for PartnershipsApi {
    async fn draft_agreement(
        &self,
        request: Request<pb::DraftAgreementRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn revise_agreement_draft(
        &self,
        request: Request<pb::ReviseAgreementDraftRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn withdraw_agreement_draft(
        &self,
        request: Request<pb::WithdrawAgreementDraftRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn sign_agreement(
        &self,
        request: Request<pb::SignAgreementRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn amend_agreement(
        &self,
        request: Request<pb::AmendAgreementRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn renew_agreement(
        &self,
        request: Request<pb::RenewAgreementRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn terminate_agreement(
        &self,
        request: Request<pb::TerminateAgreementRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn record_contribution(
        &self,
        request: Request<pb::RecordContributionRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn erase_agreement_personal_data(
        &self,
        request: Request<pb::EraseAgreementPersonalDataRequest>,
    ) -> Result<Response<pb::AgreementResponse>, Status> {
        run(&self.agreements, request).await
    }

    async fn get_agreement(
        &self,
        request: Request<pb::GetAgreementRequest>,
    ) -> Result<Response<pb::Agreement>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.inner.validator();
        let day = as_of(&mut v, "as_of", &request.get_ref().as_of);
        v.finish()?;
        let (id, _, loaded) = self
            .readable_agreement(&principal, &request.get_ref().agreement_id)
            .await?;
        let day = day.ok_or_else(|| missing("as_of"))?;
        Ok(Response::new(view::agreement(
            id,
            &loaded.state,
            loaded.version,
            day,
        )))
    }

    async fn get_agreement_version(
        &self,
        request: Request<pb::GetAgreementVersionRequest>,
    ) -> Result<Response<pb::AgreementVersion>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.inner.validator();
        let number = v.within("version", request.get_ref().version, 1, i32::MAX);
        v.finish()?;
        let (id, _, loaded) = self
            .readable_agreement(&principal, &request.get_ref().agreement_id)
            .await?;
        let number = number.ok_or_else(|| missing("version"))?;
        let version = loaded.state.version(number).ok_or_else(|| {
            Status::not_found(format!("version {number} of agreement {id} not found"))
        })?;
        Ok(Response::new(view::version(id, version)))
    }

    async fn list_agreements(
        &self,
        request: Request<pb::ListAgreementsRequest>,
    ) -> Result<Response<pb::ListAgreementsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let status = v.optional_enum(
            "status",
            m.status,
            convert::agreement_status(m.status),
            "AgreementStatus",
        );
        let day = as_of(&mut v, "as_of", &m.as_of);
        let kind = v.optional_enum(
            "kind",
            m.kind,
            convert::agreement_kind(m.kind),
            "AgreementKind",
        );
        let partner = v.optional_id("partner_id", &m.partner_id);
        let (size, after) = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(status), Some(day), Some(kind), Some(partner), Some(after)) =
            (prefix, status, day, kind, partner, after)
        else {
            return Err(missing("request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let mut found = scan(
            &self.inner.agreements,
            AGREEMENT_CATEGORY,
            &prefix,
            after,
            size,
            |a| {
                sees(&principal, AgreementEdge::region(a))
                    && status.is_none_or(|s| a.status_on(day) == Some(s))
                    && kind.is_none_or(|k| a.kind == Some(k))
                    && partner.is_none_or(|p| a.terms.partner_ids.contains(&p))
            },
        )
        .await?;
        let page = next_token(&mut found, size, AGREEMENT_CATEGORY);
        Ok(Response::new(pb::ListAgreementsResponse {
            agreements: found
                .iter()
                .map(|(id, l)| view::agreement_summary(*id, &l.state, day))
                .collect(),
            page: Some(page),
        }))
    }

    async fn list_expiring_agreements(
        &self,
        request: Request<pb::ListExpiringAgreementsRequest>,
    ) -> Result<Response<pb::ListAgreementsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let day = as_of(&mut v, "as_of", &m.as_of);
        let days = v.within("within_days", m.within_days, 0, 3660);
        let (size, after) = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(day), Some(days), Some(after)) = (prefix, day, days, after) else {
            return Err(missing("request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let mut found = scan(
            &self.inner.agreements,
            AGREEMENT_CATEGORY,
            &prefix,
            after,
            size,
            |a| sees(&principal, AgreementEdge::region(a)) && a.expiring_within(day, days),
        )
        .await?;
        let page = next_token(&mut found, size, AGREEMENT_CATEGORY);
        Ok(Response::new(pb::ListAgreementsResponse {
            agreements: found
                .iter()
                .map(|(id, l)| view::agreement_summary(*id, &l.state, day))
                .collect(),
            page: Some(page),
        }))
    }

    async fn get_commitment_fulfilment(
        &self,
        request: Request<pb::GetCommitmentFulfilmentRequest>,
    ) -> Result<Response<pb::AgreementFulfilment>, Status> {
        let principal = Principal::from_request(&request)?;
        let mut v = self.inner.validator();
        let day = as_of(&mut v, "as_of", &request.get_ref().as_of);
        v.finish()?;
        let (id, _, loaded) = self
            .readable_agreement(&principal, &request.get_ref().agreement_id)
            .await?;
        let day = day.ok_or_else(|| missing("as_of"))?;
        let completed = self.completed_under(id).await?;
        let agreement = &loaded.state;
        Ok(Response::new(pb::AgreementFulfilment {
            agreement_id: id.to_string(),
            as_of: berdaya_platform::codec::fields::text_date(day),
            commitments: fulfilments(agreement, &completed, day)
                .iter()
                .map(|f| view::fulfilment(agreement, f))
                .collect(),
        }))
    }

    type StreamAgreementHistoryStream = HistoryStream;

    async fn stream_agreement_history(
        &self,
        request: Request<pb::StreamAgreementHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_agreement(&principal, &request.get_ref().agreement_id)
            .await?;
        Ok(Response::new(self.inner.history(stream)))
    }

    async fn verify_agreement_history(
        &self,
        request: Request<pb::VerifyAgreementHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_agreement(&principal, &request.get_ref().agreement_id)
            .await?;
        Ok(Response::new(self.inner.verify(&stream).await?))
    }
}
