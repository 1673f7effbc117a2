//! The partnerships context as the binary runs it: partners, agreements, networks and
//! referrals over its event store (`partnerships.db`, or its PostgreSQL database), with
//! its views of households and KUBE groups in the same database, fed from the
//! households and enterprise logs (`berdaya up`) or over NATS (`berdaya serve`).
//! Section `[partnerships]`.

use std::sync::Arc;

use anyhow::Context as _;
use async_trait::async_trait;
use berdaya_eventstore::EventStore;
use berdaya_proto::berdaya::partnerships::v1::agreements_service_server::AgreementsServiceServer;
use berdaya_proto::berdaya::partnerships::v1::networks_service_server::NetworksServiceServer;
use berdaya_proto::berdaya::partnerships::v1::partners_service_server::PartnersServiceServer;
use berdaya_proto::berdaya::partnerships::v1::referrals_service_server::ReferralsServiceServer;
use berdaya_runtime::{Context, DemoSeed, Env, Mode, Module, Running, Sections};
use berdaya_views::ViewDb;
use tonic::service::RoutesBuilder;

use crate::PartnershipsApi;
use crate::grpc::{AGREEMENTS_SERVICE, NETWORKS_SERVICE, PARTNERS_SERVICE, REFERRALS_SERVICE};
use crate::settings::PartnershipsSettings;

/// The partnerships context.
#[derive(Debug, Clone, Copy)]
pub struct PartnershipsModule;

/// The partnerships context's module value.
pub static MODULE: PartnershipsModule = PartnershipsModule;

/// Its store and its views' database, in `mode`.
async fn open(mode: &Mode) -> anyhow::Result<(Arc<dyn EventStore>, ViewDb)> {
    match mode {
        Mode::Embedded { .. } => {
            let sqlite = mode.sqlite(Context::Partnerships).await?;
            let views = ViewDb::sqlite(&sqlite);
            Ok((Arc::new(sqlite), views))
        }
        Mode::Distributed { log, .. } => {
            let (postgres, store) = log.clone().context("partnerships keeps an event log")?;
            Ok((store, ViewDb::postgres(&postgres)))
        }
    }
}

#[async_trait]
impl Module for PartnershipsModule {
    fn context(&self) -> Context {
        Context::Partnerships
    }

    fn services(&self) -> &'static [&'static str] {
        &[
            PARTNERS_SERVICE,
            AGREEMENTS_SERVICE,
            NETWORKS_SERVICE,
            REFERRALS_SERVICE,
        ]
    }

    fn sections(&self) -> &'static [&'static str] {
        &["partnerships"]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        let settings = sections.get::<PartnershipsSettings>("partnerships")?;
        settings
            .network_rules()
            .map(|_| ())
            .map_err(anyhow::Error::msg)
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let settings = env.sections.get::<PartnershipsSettings>("partnerships")?;
        let networks = settings.network_rules().map_err(anyhow::Error::msg)?;
        let (store, views) = open(&env.mode).await?;
        let tasks = crate::views::start(&views, &env.mode, &env.stop)
            .await
            .context("starting the partnerships views")?;
        let api = PartnershipsApi::new(
            store.clone(),
            env.vault()?,
            views,
            networks,
            settings.referral_rules(),
        );
        let max = env.grpc.max_request_bytes;
        routes.add_service(
            env.grpc
                .guard(PartnersServiceServer::new(api.clone()).max_decoding_message_size(max)),
        );
        routes.add_service(
            env.grpc
                .guard(AgreementsServiceServer::new(api.clone()).max_decoding_message_size(max)),
        );
        routes.add_service(
            env.grpc
                .guard(NetworksServiceServer::new(api.clone()).max_decoding_message_size(max)),
        );
        routes.add_service(
            env.grpc
                .guard(ReferralsServiceServer::new(api.clone()).max_decoding_message_size(max)),
        );
        Ok(Running {
            log: Some(store),
            tasks,
            demo: Some(Box::new(Demo(api))),
            ..Running::default()
        })
    }
}

/// The partnerships demo: partners, agreements, a network and referrals in the demo
/// province.
struct Demo(PartnershipsApi);

#[async_trait]
impl DemoSeed for Demo {
    async fn seed(&self) -> anyhow::Result<String> {
        let seeded = crate::demo::seed(&self.0).await?;
        Ok(format!("demo partnerships seeded: {seeded}"))
    }
}
