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

/// Serves the dashboard on `listener` until `stop` turns true.
pub async fn serve_dashboard(
    listener: TcpListener,
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    mut stop: watch::Receiver<bool>,
) {
    let app = berdaya_reporting::dashboard::router(model, jwt);
    let shutdown = async move {
        let _ = stop.wait_for(|stopped| *stopped).await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        tracing::error!(%error, "dashboard server failed");
    }
}

/// `berdaya reporting rebuild` on the embedded default: replays every log into shadow
/// tables with a progress bar, then swaps them in.
///
/// # Errors
/// When a store or the read model fails; the live figures are untouched then.
pub async fn rebuild(data_dir: &Path) -> anyhow::Result<()> {
    let model = embedded_model(data_dir).await?;
    let sources = embedded_sources(data_dir).await?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} rebuilding reporting: {pos} events [{elapsed_precise}, {per_sec}]",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let replayed =
        berdaya_reporting::rebuild::rebuild(&model, &sources, |n| bar.inc(n as u64)).await?;
    bar.finish_and_clear();
    println!("rebuilt reporting from {replayed} events and swapped it in");
    Ok(())
}
