//! `berdaya.partnerships.v1.PartnersService`.

use berdaya_platform::Principal;
use berdaya_platform::command::run;
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::partners_service_server::PartnersService;
use tonic::{Request, Response, Status};

use super::missing;
use crate::convert;
use crate::grpc::queries::{next_token, paging, partner_readable, scan};
use crate::grpc::{PARTNER_CATEGORY, PartnershipsApi, partner_stream, view};

impl PartnershipsApi {
    async fn readable_partner(
        &self,
        principal: &Principal,
        partner_id: &str,
    ) -> Result<
        (
            uuid::Uuid,
            String,
            std::sync::Arc<berdaya_platform::aggregate_store::Loaded<crate::domain::Partner>>,
        ),
        Status,
    > {
        self.inner
            .readable(
                &self.inner.partners,
                "partner_id",
                partner_id,
                partner_stream,
                "partner",
                |p| partner_readable(principal, p),
            )
            .await
    }
}

#[tonic::async_trait]
impl PartnersService for PartnershipsApi {
    async fn register_partner(
        &self,
        request: Request<pb::RegisterPartnerRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn update_partner_profile(
        &self,
        request: Request<pb::UpdatePartnerProfileRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn add_partner_contact(
        &self,
        request: Request<pb::AddPartnerContactRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn update_partner_contact(
        &self,
        request: Request<pb::UpdatePartnerContactRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn remove_partner_contact(
        &self,
        request: Request<pb::RemovePartnerContactRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn suspend_partner(
        &self,
        request: Request<pb::SuspendPartnerRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn reinstate_partner(
        &self,
        request: Request<pb::ReinstatePartnerRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn retire_partner(
        &self,
        request: Request<pb::RetirePartnerRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn erase_partner_personal_data(
        &self,
        request: Request<pb::ErasePartnerPersonalDataRequest>,
    ) -> Result<Response<pb::PartnerResponse>, Status> {
        run(&self.partners, request).await
    }

    async fn get_partner(
        &self,
        request: Request<pb::GetPartnerRequest>,
    ) -> Result<Response<pb::Partner>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, loaded) = self
            .readable_partner(&principal, &request.get_ref().partner_id)
            .await?;
        Ok(Response::new(view::partner(
            id,
            &loaded.state,
            loaded.version,
        )))
    }

    async fn list_partners(
        &self,
        request: Request<pb::ListPartnersRequest>,
    ) -> Result<Response<pb::ListPartnersResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let kind = v.optional_enum("kind", m.kind, convert::partner_kind(m.kind), "PartnerKind");
        let status = match pb::PartnerStatus::try_from(m.status) {
            Ok(s) => Some(s),
            Err(_) => {
                v.violations.add(
                    "status",
                    format!("{} is not a PartnerStatus value", m.status),
                );
                None
            }
        };
        let (size, after) = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(kind), Some(status), Some(after)) = (prefix, kind, status, after)
        else {
            return Err(missing("request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let in_region = |p: &crate::domain::Partner| {
            prefix.is_empty()
                || p.regions_served.iter().any(|r| {
                    r.is_within(&prefix)
                        || berdaya_platform::auth::region_matches(r.as_str(), &prefix)
                })
        };
        let mut found = scan(
            &self.inner.partners,
            PARTNER_CATEGORY,
            "",
            after,
            size,
            |p| {
                partner_readable(&principal, p)
                    && in_region(p)
                    && kind.is_none_or(|k| p.kind == Some(k))
                    && (status == pb::PartnerStatus::Unspecified
                        || view::partner_summary(uuid::Uuid::nil(), p).status == status as i32)
            },
        )
        .await?;
        let page = next_token(&mut found, size, PARTNER_CATEGORY);
        Ok(Response::new(pb::ListPartnersResponse {
            partners: found
                .iter()
                .map(|(id, l)| view::partner_summary(*id, &l.state))
                .collect(),
            page: Some(page),
        }))
    }

    type StreamPartnerHistoryStream = HistoryStream;

    async fn stream_partner_history(
        &self,
        request: Request<pb::StreamPartnerHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_partner(&principal, &request.get_ref().partner_id)
            .await?;
        Ok(Response::new(self.inner.history(stream)))
    }

    async fn verify_partner_history(
        &self,
        request: Request<pb::VerifyPartnerHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_partner(&principal, &request.get_ref().partner_id)
            .await?;
        Ok(Response::new(self.inner.verify(&stream).await?))
    }
}
