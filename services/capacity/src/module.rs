//! The capacity context as the binary runs it: both services over its event store
//! (`capacity.db`, or its PostgreSQL database), its views in the same database, kept
//! current from the households and enterprise contexts' events (their logs in the same
//! process under `berdaya up`, NATS JetStream under `berdaya serve`). Section
//! `[capacity]`.

use anyhow::Context as _;
use async_trait::async_trait;
use berdaya_proto::berdaya::capacity::v1::capacity_service_server::CapacityServiceServer;
use berdaya_proto::berdaya::capacity::v1::local_wisdom_service_server::LocalWisdomServiceServer;
use berdaya_runtime::{Context, DemoSeed, Env, Module, Running, Sections};
use berdaya_views::Source;
use tonic::service::RoutesBuilder;

use crate::grpc::{CapacityApi, Config, LOCAL_WISDOM_SERVICE_NAME, SERVICE_NAME};
use crate::settings::CapacitySettings;
use crate::views::{self, ViewDb};

/// The capacity context.
#[derive(Debug, Clone, Copy)]
pub struct CapacityModule;

/// The capacity context's module value.
pub static MODULE: CapacityModule = CapacityModule;

fn config(settings: &CapacitySettings) -> anyhow::Result<Config> {
    Ok(Config {
        caseload: settings.caseload().map_err(anyhow::Error::msg)?,
        certificates: settings.certificates().map_err(anyhow::Error::msg)?,
    })
}

#[async_trait]
impl Module for CapacityModule {
    fn context(&self) -> Context {
        Context::Capacity
    }

    fn services(&self) -> &'static [&'static str] {
        &[SERVICE_NAME, LOCAL_WISDOM_SERVICE_NAME]
    }

    fn sections(&self) -> &'static [&'static str] {
        &["capacity"]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        config(&sections.get::<CapacitySettings>("capacity")?).map(|_| ())
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let settings = env.sections.get::<CapacitySettings>("capacity")?;
        let config = config(&settings)?;
        let (store, views): (std::sync::Arc<dyn berdaya_eventstore::EventStore>, ViewDb) =
            match &env.mode {
                berdaya_runtime::Mode::Embedded { .. } => {
                    let sqlite = env.mode.sqlite(Context::Capacity).await?;
                    let views = ViewDb::sqlite(&sqlite);
                    (std::sync::Arc::new(sqlite), views)
                }
                berdaya_runtime::Mode::Distributed { log, .. } => {
                    let (postgres, store) = log.clone().context("capacity keeps an event log")?;
                    (store, ViewDb::postgres(&postgres))
                }
            };
        views::ensure_schema(&views)
            .await
            .context("creating capacity views")?;
        let tasks = views::start(
            &views,
            Source::of(&env.mode, Context::Households)?,
            Source::of(&env.mode, Context::Enterprise)?,
            env.stop.clone(),
        )
        .await?;
        let api = CapacityApi::new(store.clone(), env.vault()?, views, config);
        let limit = env.grpc.max_request_bytes;
        routes.add_service(
            env.grpc
                .guard(CapacityServiceServer::new(api.clone()).max_decoding_message_size(limit)),
        );
        routes
            .add_service(env.grpc.guard(
                LocalWisdomServiceServer::new(api.clone()).max_decoding_message_size(limit),
            ));
        Ok(Running {
            log: Some(store),
            tasks,
            demo: Some(Box::new(Demo(api))),
            ..Running::default()
        })
    }
}

/// The capacity demo: people, programmes, cohorts, certificates and local-wisdom
/// activities in the demo province.
struct Demo(CapacityApi);

#[async_trait]
impl DemoSeed for Demo {
    async fn seed(&self) -> anyhow::Result<String> {
        let seeded = crate::demo::seed(&self.0).await?;
        Ok(format!("demo capacity records seeded: {seeded}"))
    }
}
