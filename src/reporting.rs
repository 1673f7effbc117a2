//! Wiring of the reporting projection: its read model beside the other services' stores
//! in `berdaya up`, the dashboard's HTTP server, and `berdaya reporting rebuild`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_platform::JwtKeys;
use berdaya_reporting::follow::Source;
use berdaya_reporting::store::ReadModel;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How often the embedded projection looks for new events when idle.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The read model of `berdaya up`: `reporting.db` in the data directory.
///
/// # Errors
/// When the file cannot be opened.
pub async fn embedded_model(data_dir: &Path) -> anyhow::Result<ReadModel> {
    let path = data_dir.join("reporting.db");
    ReadModel::open(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .with_context(|| format!("opening {}", path.display()))
}

/// The event logs `berdaya up` keeps in `data_dir`, by context.
///
/// # Errors
/// When a store cannot be opened.
pub async fn embedded_sources(data_dir: &Path) -> anyhow::Result<Vec<Source>> {
    let mut sources = Vec::new();
    for context in ["households", "enterprise"] {
        let path = data_dir.join(format!("{context}.db"));
        let store: Arc<dyn EventStore> = Arc::new(
            SqliteStore::open(&path)
                .await
                .with_context(|| format!("opening {}", path.display()))?,
        );
        sources.push(Source {
            name: context.to_owned(),
            store,
        });
    }
    Ok(sources)
}

/// Serves the dashboard on `listener` until `stop` turns true, then lets requests in
/// flight finish. A client gets `header_timeout` to send its request headers (a slow or
/// silent connection is closed instead of held open), and at most
/// [`DASHBOARD_MAX_CONNECTIONS`] connections are served at once.
pub async fn serve_dashboard(
    listener: TcpListener,
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    header_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let app = berdaya_reporting::dashboard::router(model, jwt);
    let service = hyper_util::service::TowerToHyperService::new(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(DASHBOARD_MAX_CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "dashboard accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Full: close at once rather than queue unboundedly.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection =
            graceful.watch(http.serve_connection(TokioIo::new(stream), service.clone()));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "dashboard connection ended");
            }
            drop(slot);
        });
    }
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("dashboard connections did not finish in time");
    }
}

/// Most dashboard connections served at once.
pub const DASHBOARD_MAX_CONNECTIONS: usize = 256;

/// `berdaya reporting rebuild` on the embedded default: replays every log into shadow
/// tables with a progress bar, then swaps them in.
///
/// # Errors
/// When a store or the read model fails; the live figures are untouched then.
pub async fn rebuild(data_dir: &Path) -> anyhow::Result<()> {
    let model = embedded_model(data_dir).await?;
    let sources = embedded_sources(data_dir).await?;
    // Events committed during the rebuild are replayed too, so the bar may pass its
    // length by a little: it is a guide, not a promise.
    let bar = indicatif::ProgressBar::new(berdaya_reporting::rebuild::total(&sources).await?);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "rebuilding reporting [{bar:40}] {pos}/{len} events ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let replayed =
        berdaya_reporting::rebuild::rebuild(&model, &sources, |n| bar.inc(n as u64)).await?;
    bar.finish_and_clear();
    println!("rebuilt reporting from {replayed} events and swapped it in");
    Ok(())
}

/// `berdaya reporting as-of`: the figures under `region` as they stood at `at`, as CSV
/// on standard output.
///
/// # Errors
/// When a store cannot be read or the region is malformed.
pub async fn as_of(
    data_dir: &Path,
    at: chrono::DateTime<chrono::Utc>,
    region: &str,
) -> anyhow::Result<()> {
    if !region.is_empty() {
        berdaya_platform::RegionDirectory::embedded()
            .validate_prefix(region)
            .map_err(|v| anyhow::anyhow!("--region: {}", v.description))?;
    }
    let sources = embedded_sources(data_dir).await?;
    let model = berdaya_reporting::as_of::as_of(&sources, at).await?;
    print!("{}", model.csv(region, "", "").await?);
    Ok(())
}

/// The durable consumer name of the reporting projection (its inbox's name too).
pub const DURABLE: &str = berdaya_reporting::store::CONSUMER;

/// `berdaya serve --service reporting`: the read model on PostgreSQL, fed by a durable
/// JetStream consumer of every context's events, with the gRPC API, the dashboard and
/// the metrics endpoint. Stops on `shutdown`: gRPC drains, then the consumer stops.
///
/// # Errors
/// Bad settings, an unreachable database, a port in use.
pub async fn serve_distributed(
    settings: &crate::settings::Settings,
    listener: TcpListener,
    jwt: Arc<JwtKeys>,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    settings.nats.validate()?;
    let model = ReadModel::open(&settings.database_url.0)
        .await
        .context("opening the reporting read model on PostgreSQL")?;
    let stop = tokio_util::sync::CancellationToken::new();
    let (stop_tx, stop_rx) = watch::channel(false);

    if !settings.metrics_addr.is_empty() {
        let metrics = TcpListener::bind(&settings.metrics_addr)
            .await
            .with_context(|| format!("binding metrics_addr {}", settings.metrics_addr))?;
        tokio::spawn(berdaya_platform::metrics::serve(
            metrics,
            stop.clone().cancelled_owned(),
        ));
    }
    let dashboard = TcpListener::bind(settings.dashboard_addr()?)
        .await
        .with_context(|| format!("binding dashboard_addr {}", settings.dashboard_addr))?;
    let dashboard_task = tokio::spawn(serve_dashboard(
        dashboard,
        model.clone(),
        jwt.clone(),
        settings.dashboard_header_timeout(),
        stop_rx,
    ));

    let sink = Arc::new(model.inbox().clone());
    let consumer =
        berdaya_messaging::JetStreamConsumer::new(settings.nats.clone(), DURABLE, None, sink)?;
    let consumer_task = {
        let stop = stop.clone();
        tokio::spawn(async move { consumer.run(stop).await })
    };

    let services = crate::grpc::Services {
        reporting: Some(berdaya_reporting::grpc::ReportingApi::new(model)),
        ..crate::grpc::Services::default()
    };
    let served = crate::grpc::serve(listener, services, jwt, &settings.grpc, shutdown).await;
    let _ = stop_tx.send(true);
    stop.cancel();
    match consumer_task.await {
        Ok(Err(error)) => tracing::error!(%error, "reporting consumer failed"),
        Err(error) => tracing::error!(%error, "reporting consumer task failed"),
        Ok(Ok(())) => {}
    }
    let _ = dashboard_task.await;
    berdaya_platform::telemetry::shutdown();
    served
}
