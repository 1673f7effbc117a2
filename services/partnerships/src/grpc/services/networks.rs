//! `berdaya.partnerships.v1.NetworksService`.

use std::sync::Arc;

use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::command::{Edge, run};
use berdaya_platform::history::HistoryStream;
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::networks_service_server::NetworksService;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::missing;
use crate::convert;
use crate::domain::Network;
use crate::domain::network::NetworkStatus;
use crate::grpc::edges::NetworkEdge;
use crate::grpc::queries::{next_token, paging, scan, sees};
use crate::grpc::{NETWORK_CATEGORY, PartnershipsApi, network_stream, view};

impl PartnershipsApi {
    async fn readable_network(
        &self,
        principal: &Principal,
        network_id: &str,
    ) -> Result<(Uuid, String, Arc<Loaded<Network>>), Status> {
        self.inner
            .readable(
                &self.inner.networks,
                "network_id",
                network_id,
                network_stream,
                "network",
                |n| sees(principal, NetworkEdge::region(n)),
            )
            .await
    }
}

#[tonic::async_trait]
impl NetworksService for PartnershipsApi {
    async fn form_network(
        &self,
        request: Request<pb::FormNetworkRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn join_network(
        &self,
        request: Request<pb::JoinNetworkRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn leave_network(
        &self,
        request: Request<pb::LeaveNetworkRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn plan_joint_action(
        &self,
        request: Request<pb::PlanJointActionRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn record_joint_action_held(
        &self,
        request: Request<pb::RecordJointActionHeldRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn evaluate_joint_action(
        &self,
        request: Request<pb::EvaluateJointActionRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn cancel_joint_action(
        &self,
        request: Request<pb::CancelJointActionRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn dissolve_network(
        &self,
        request: Request<pb::DissolveNetworkRequest>,
    ) -> Result<Response<pb::NetworkResponse>, Status> {
        run(&self.networks, request).await
    }

    async fn get_network(
        &self,
        request: Request<pb::GetNetworkRequest>,
    ) -> Result<Response<pb::Network>, Status> {
        let principal = Principal::from_request(&request)?;
        let (id, _, loaded) = self
            .readable_network(&principal, &request.get_ref().network_id)
            .await?;
        Ok(Response::new(view::network(
            id,
            &loaded.state,
            loaded.version,
        )))
    }

    async fn list_networks(
        &self,
        request: Request<pb::ListNetworksRequest>,
    ) -> Result<Response<pb::ListNetworksResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let kind = v.optional_enum("kind", m.kind, convert::network_kind(m.kind), "NetworkKind");
        let partner = v.optional_id("partner_id", &m.partner_id);
        let (size, after) = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(kind), Some(partner), Some(after)) = (prefix, kind, partner, after)
        else {
            return Err(missing("request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let mut found = scan(
            &self.inner.networks,
            NETWORK_CATEGORY,
            &prefix,
            after,
            size,
            |n| {
                sees(&principal, NetworkEdge::region(n))
                    && (m.include_dissolved || n.status == NetworkStatus::Active)
                    && kind.is_none_or(|k| n.kind == Some(k))
                    && partner.is_none_or(|p| n.current_membership(p).is_some())
            },
        )
        .await?;
        let page = next_token(&mut found, size, NETWORK_CATEGORY);
        Ok(Response::new(pb::ListNetworksResponse {
            networks: found
                .iter()
                .map(|(id, l)| view::network_summary(*id, &l.state))
                .collect(),
            page: Some(page),
        }))
    }

    type StreamNetworkHistoryStream = HistoryStream;

    async fn stream_network_history(
        &self,
        request: Request<pb::StreamNetworkHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_network(&principal, &request.get_ref().network_id)
            .await?;
        Ok(Response::new(self.inner.history(stream)))
    }

    async fn verify_network_history(
        &self,
        request: Request<pb::VerifyNetworkHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, stream, _) = self
            .readable_network(&principal, &request.get_ref().network_id)
            .await?;
        Ok(Response::new(self.inner.verify(&stream).await?))
    }
}
