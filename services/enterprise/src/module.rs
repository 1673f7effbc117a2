//! The enterprise context as the binary runs it: KUBE groups and individual support
//! over its event store (`enterprise.db`, or its PostgreSQL database), its views in the
//! same database, kept current from its own log and the households context's events.
//! Section `[enterprise]`.

use std::sync::Arc;

use anyhow::Context as _;
use async_trait::async_trait;
use berdaya_eventstore::EventStore;
use berdaya_proto::berdaya::enterprise::v1::enterprise_service_server::EnterpriseServiceServer;
use berdaya_runtime::{Context, DemoSeed, Env, Mode, Module, Running, Sections};
use tonic::service::RoutesBuilder;

use crate::EnterpriseApi;
use crate::settings::EnterpriseSettings;
use crate::views::ViewDb;
use berdaya_views::Source;

use crate::views::feeds;

/// The enterprise context.
#[derive(Debug, Clone, Copy)]
pub struct EnterpriseModule;

/// The enterprise context's module value.
pub static MODULE: EnterpriseModule = EnterpriseModule;

/// Its store, its views' database and where it hears of households, in `mode`.
async fn open(
    mode: &Mode,
    settings: &EnterpriseSettings,
) -> anyhow::Result<(Arc<dyn EventStore>, ViewDb, Source)> {
    match mode {
        Mode::Embedded { .. } => {
            let sqlite = mode.sqlite(Context::Enterprise).await?;
            let views = ViewDb::sqlite(&sqlite);
            let households = Source::of(mode, Context::Households)?;
            Ok((Arc::new(sqlite), views, households))
        }
        Mode::Distributed { log, nats, .. } => {
            let (postgres, store) = log.clone().context("enterprise keeps an event log")?;
            let url = &settings.households_database_url;
            let source = if url.is_empty() {
                Source::Nats((**nats).clone())
            } else {
                Source::Store(feeds::households_store(url)?)
            };
            Ok((store, ViewDb::postgres(&postgres), source))
        }
    }
}

#[async_trait]
impl Module for EnterpriseModule {
    fn context(&self) -> Context {
        Context::Enterprise
    }

    fn services(&self) -> &'static [&'static str] {
        &[crate::grpc::SERVICE_NAME]
    }

    fn sections(&self) -> &'static [&'static str] {
        &["enterprise"]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        let settings = sections.get::<EnterpriseSettings>("enterprise")?;
        settings.policy().map(|_| ()).map_err(anyhow::Error::msg)
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let settings = env.sections.get::<EnterpriseSettings>("enterprise")?;
        let policy = settings.policy().map_err(anyhow::Error::msg)?;
        let (store, views, households) = open(&env.mode, &settings).await?;
        crate::views::ensure_schema(&views)
            .await
            .context("creating enterprise views")?;
        let tasks = feeds::start(&views, store.clone(), households, env.stop.clone()).await?;
        let api = EnterpriseApi::new(store.clone(), env.vault()?, views, policy);
        routes.add_service(
            env.grpc.guard(
                EnterpriseServiceServer::new(api.clone())
                    .max_decoding_message_size(env.grpc.max_request_bytes),
            ),
        );
        Ok(Running {
            log: Some(store),
            tasks,
            demo: Some(Box::new(Demo(api))),
            ..Running::default()
        })
    }
}

/// The enterprise demo: KUBE groups of the demo province's households.
struct Demo(EnterpriseApi);

#[async_trait]
impl DemoSeed for Demo {
    async fn seed(&self) -> anyhow::Result<String> {
        let groups = crate::demo::seed(&self.0).await?;
        Ok(format!("demo KUBE groups seeded: {groups}"))
    }
}
