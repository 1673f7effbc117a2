//! The advocacy context as the binary runs it: cases over its event store
//! (`advocacy.db`, or its PostgreSQL database), the households and partners views in
//! the same database, fed from the households and partnerships contexts' logs (`berdaya
//! up`) or over NATS JetStream (`berdaya serve`). Section `[advocacy]`.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use berdaya_eventstore::EventStore;
use berdaya_proto::berdaya::advocacy::v1::advocacy_service_server::AdvocacyServiceServer;
use berdaya_runtime::{Context, DemoSeed, Env, Mode, Module, Running, Sections};
use berdaya_views::Source;
use tonic::service::RoutesBuilder;

use crate::AdvocacyApi;
use crate::settings::AdvocacySettings;
use crate::views::{Sources, ViewDb};

/// The advocacy context.
#[derive(Debug, Clone, Copy)]
pub struct AdvocacyModule;

/// The advocacy context's module value.
pub static MODULE: AdvocacyModule = AdvocacyModule;

/// Its store, its views' database and where they hear of households and partners, in
/// `mode`.
async fn open(mode: &Mode) -> anyhow::Result<(Arc<dyn EventStore>, ViewDb, Sources)> {
    let sources = Sources {
        households: Source::of(mode, Context::Households)?,
        partnerships: Source::of(mode, Context::Partnerships)?,
    };
    match mode {
        Mode::Embedded { .. } => {
            let sqlite = mode.sqlite(Context::Advocacy).await?;
            let views = ViewDb::sqlite(&sqlite);
            Ok((Arc::new(sqlite), views, sources))
        }
        Mode::Distributed { log, .. } => {
            let (postgres, store) = log.clone().context("advocacy keeps an event log")?;
            Ok((store, ViewDb::postgres(&postgres), sources))
        }
    }
}

#[async_trait]
impl Module for AdvocacyModule {
    fn context(&self) -> Context {
        Context::Advocacy
    }

    fn services(&self) -> &'static [&'static str] {
        &[crate::grpc::SERVICE_NAME]
    }

    fn sections(&self) -> &'static [&'static str] {
        &["advocacy"]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        let settings = sections.get::<AdvocacySettings>("advocacy")?;
        settings.rules().map(|_| ()).map_err(anyhow::Error::msg)
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let settings = env.sections.get::<AdvocacySettings>("advocacy")?;
        let rules = settings.rules().map_err(anyhow::Error::msg)?;
        let (store, views, sources) = open(&env.mode).await?;
        crate::views::ensure_schema(&views)
            .await
            .context("creating advocacy views")?;
        let mut tasks = crate::views::start(&views, sources, env.stop.clone()).await?;
        let api = AdvocacyApi::new(store.clone(), env.vault()?, views, rules);
        tasks.push(crate::overdue::spawn(
            api.clone(),
            Duration::from_secs(settings.overdue_metric_interval_secs),
            env.stop.clone(),
        ));
        routes.add_service(
            env.grpc.guard(
                AdvocacyServiceServer::new(api.clone())
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

/// The advocacy demo: cases about the demo province's households.
struct Demo(AdvocacyApi);

#[async_trait]
impl DemoSeed for Demo {
    async fn seed(&self) -> anyhow::Result<String> {
        let cases = crate::demo::seed(&self.0).await?;
        Ok(format!("demo advocacy cases seeded: {cases}"))
    }
}
