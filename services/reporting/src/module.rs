//! The reporting projection as the binary runs it: the read model (`reporting.db`, or
//! its PostgreSQL database) fed by every context's log (followed directly under
//! `berdaya up`, consumed from NATS JetStream under `berdaya serve`), the gRPC API and
//! the dashboard. It keeps no event log of its own and holds no personal data.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use berdaya_messaging::JetStreamConsumer;
use berdaya_proto::berdaya::reporting::v1::reporting_service_server::ReportingServiceServer;
use berdaya_runtime::{Context, Env, Mode, Module, Running, Sections};
use tokio::net::TcpListener;
use tonic::service::RoutesBuilder;

use crate::dashboard::serve_dashboard;
use crate::dashboard::settings::{self, DashboardSettings};
use crate::follow::{self, Source};
use crate::grpc::ReportingApi;
use crate::store::{CONSUMER, ReadModel};

/// How often the embedded projection looks for new events when idle.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The reporting projection.
#[derive(Debug, Clone, Copy)]
pub struct ReportingModule;

/// The reporting projection's module value.
pub static MODULE: ReportingModule = ReportingModule;

/// The read model of `berdaya up`: `reporting.db` in `data_dir`.
///
/// # Errors
/// When the file cannot be opened.
pub async fn embedded_model(data_dir: &std::path::Path) -> anyhow::Result<ReadModel> {
    let path = data_dir.join("reporting.db");
    ReadModel::open(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .with_context(|| format!("opening {}", path.display()))
}

#[async_trait]
impl Module for ReportingModule {
    fn context(&self) -> Context {
        Context::Reporting
    }

    fn services(&self) -> &'static [&'static str] {
        &[crate::grpc::SERVICE_NAME]
    }

    fn sections(&self) -> &'static [&'static str] {
        &[settings::SECTION]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        sections
            .get::<DashboardSettings>(settings::SECTION)?
            .check()
    }

    fn keeps_log(&self) -> bool {
        false
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let (model, feed) = match &env.mode {
            Mode::Embedded { data_dir, logs } => {
                let model = embedded_model(data_dir).await?;
                let sources = logs
                    .iter()
                    .map(|(context, store)| Source {
                        name: context.as_str().to_owned(),
                        store: store.clone(),
                    })
                    .collect();
                let stop = env.stop.clone();
                let feed = tokio::spawn(follow::run(
                    model.clone(),
                    sources,
                    POLL_INTERVAL,
                    async move { stop.cancelled().await },
                ));
                (model, feed)
            }
            Mode::Distributed {
                database_url, nats, ..
            } => {
                nats.validate()?;
                let model = ReadModel::open(database_url)
                    .await
                    .context("opening the reporting read model on PostgreSQL")?;
                let sink = Arc::new(model.inbox().clone());
                let consumer = JetStreamConsumer::new((**nats).clone(), CONSUMER, None, sink)?;
                let stop = env.stop.clone();
                let feed = tokio::spawn(async move {
                    if let Err(error) = consumer.run(stop).await {
                        tracing::error!(%error, "reporting consumer failed");
                    }
                });
                (model, feed)
            }
        };
        let settings: DashboardSettings = env.sections.get(settings::SECTION)?;
        settings.check()?;
        let (addr, header_timeout) = env.http;
        let listener = TcpListener::bind(addr).await.with_context(|| {
            format!("binding {addr} (set --dashboard-addr or BERDAYA_DASHBOARD_ADDR to use another port)")
        })?;
        let page = listener.local_addr()?;
        let dashboard = tokio::spawn(serve_dashboard(
            listener,
            model.clone(),
            env.jwt.clone(),
            header_timeout,
            settings,
            env.stop.clone(),
        ));
        routes.add_service(
            env.grpc.guard(
                ReportingServiceServer::new(ReportingApi::new(model))
                    .max_decoding_message_size(env.grpc.max_request_bytes),
            ),
        );
        Ok(Running {
            tasks: vec![feed, dashboard],
            page: Some(page),
            ..Running::default()
        })
    }
}
