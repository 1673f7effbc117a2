//! `berdaya up`: the embedded default. Every context in one process, on SQLite files in
//! a data directory, with development keys created on first start.

use std::path::PathBuf;
use std::sync::Arc;

use std::collections::BTreeMap;

use anyhow::Context;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::Role;
use berdaya_runtime::{Env, Mode};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use tonic::service::RoutesBuilder;

use crate::settings::{Secret, Settings, generate_dev_keys};

/// Name of the file `berdaya up` keeps its development keys in.
pub(crate) const DEV_KEYS_FILE: &str = "dev-keys.toml";

/// Options of `berdaya up`.
#[derive(Debug, clap::Args)]
pub(crate) struct UpArgs {
    /// Seed a demo province (idempotent: seeding twice changes nothing).
    #[arg(long)]
    demo: bool,
    /// gRPC listen address (overrides `grpc_addr`).
    #[arg(long, env = "BERDAYA_GRPC_ADDR")]
    grpc_addr: Option<String>,
    /// Data directory (overrides `data_dir`).
    #[arg(long, env = "BERDAYA_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Dashboard (HTTP) listen address (overrides `dashboard_addr`).
    #[arg(long, env = "BERDAYA_DASHBOARD_ADDR")]
    dashboard_addr: Option<String>,
    /// Metrics and HTTP health (`/metrics`, `/healthz`, `/readyz`) listen address
    /// (overrides `metrics_addr`; an empty value serves none).
    #[arg(long, env = "BERDAYA_METRICS_ADDR")]
    metrics_addr: Option<String>,
    /// HTTP/JSON API listen address (overrides `http_addr`; an empty value serves none).
    #[arg(long, env = "BERDAYA_HTTP_ADDR")]
    http_addr: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DevKeys {
    signing_key: Secret,
    master_key: Secret,
    blind_index_key: Secret,
}

/// Fills unset keys from the data directory's dev-keys file, creating it when `create`.
///
/// # Errors
/// When the file cannot be read or written.
pub(crate) fn fill_dev_keys(settings: &mut Settings, create: bool) -> anyhow::Result<()> {
    if !settings.signing_key.is_empty()
        && !settings.master_key.is_empty()
        && !settings.blind_index_key.is_empty()
    {
        return Ok(());
    }
    let path = settings.data_dir.join(DEV_KEYS_FILE);
    let keys = if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        toml::from_str::<DevKeys>(&text).with_context(|| format!("parsing {}", path.display()))?
    } else if create {
        let (signing_key, master_key, blind_index_key) = generate_dev_keys();
        let keys = DevKeys {
            signing_key,
            master_key,
            blind_index_key,
        };
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating data directory {}", settings.data_dir.display()))?;
        let text = format!(
            "# Development keys created by `berdaya up`. Not for production: set\n# BERDAYA_SIGNING_KEY, BERDAYA_MASTER_KEY and BERDAYA_BLIND_INDEX_KEY instead.\n# Losing master_key makes every sealed personal field unreadable.\n{}",
            toml::to_string(&keys)?
        );
        write_private(&path, &text)?;
        eprintln!("created development keys in {}", path.display());
        keys
    } else {
        return Ok(());
    };
    if settings.signing_key.is_empty() {
        settings.signing_key = keys.signing_key;
    }
    if settings.master_key.is_empty() {
        settings.master_key = keys.master_key;
    }
    if settings.blind_index_key.is_empty() {
        settings.blind_index_key = keys.blind_index_key;
    }
    Ok(())
}

fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// Runs `berdaya up`: every context in [`crate::contexts::MODULES`], in order, each on
/// its SQLite file, the later ones following the earlier ones' logs.
///
/// # Errors
/// On bad settings, an unusable data directory, or a port already in use.
pub(crate) async fn run(mut settings: Settings, args: UpArgs) -> anyhow::Result<()> {
    berdaya_platform::telemetry::init("berdaya-up");
    // From here on SIGTERM and Ctrl-C stop the process gracefully.
    let signalled = berdaya_platform::server::shutdown_signal();
    if let Some(addr) = args.grpc_addr {
        settings.grpc_addr = addr;
    }
    if let Some(dir) = args.data_dir {
        settings.data_dir = dir;
    }
    if let Some(addr) = args.dashboard_addr {
        settings.dashboard_addr = addr;
    }
    if let Some(addr) = args.metrics_addr {
        settings.metrics_addr = addr;
    }
    if let Some(addr) = args.http_addr {
        settings.http_addr = addr;
    }
    fill_dev_keys(&mut settings, true)?;
    let keys = settings.keys()?;
    std::fs::create_dir_all(&settings.data_dir)?;
    let jwt = Arc::new(settings.jwt(&keys.signing)?);
    let gateway = crate::grpc::Gateway::new(jwt.clone(), &settings.grpc)?;
    let addr = settings.grpc_addr()?;
    let listener = berdaya_platform::server::bind(addr)
        .await
        .with_context(|| {
            format!("binding {addr} (set --grpc-addr or BERDAYA_GRPC_ADDR to use another port)")
        })?;
    let local = listener.local_addr()?;

    let stop = CancellationToken::new();
    let metrics = crate::distributed::serve_metrics(&settings.metrics_addr, stop.clone()).await?;
    let mut env = Env {
        sections: settings.context_sections(),
        vault: Some(Arc::new(Vault::new(keys.master, keys.blind))),
        jwt: jwt.clone(),
        grpc: gateway.grpc.clone(),
        mode: Mode::Embedded {
            data_dir: settings.data_dir.clone(),
            logs: BTreeMap::new(),
        },
        http: (
            settings.dashboard_addr()?,
            settings.dashboard_header_timeout(),
        ),
        stop: stop.clone(),
    };
    let mut routes = RoutesBuilder::default();
    let mut names = Vec::new();
    let mut running = Vec::new();
    for module in crate::contexts::MODULES {
        let started = module
            .start(&env, &mut routes)
            .await
            .with_context(|| format!("starting {}", module.context()))?;
        if let (Mode::Embedded { logs, .. }, Some(log)) = (&mut env.mode, &started.log) {
            logs.insert(module.context(), log.clone());
        }
        names.extend_from_slice(module.services());
        running.push(started);
    }
    if args.demo {
        seed_demo(&running).await?;
    }
    let http = crate::http_json::serve(&settings.http_addr, local, &names, stop.clone()).await?;

    let token = jwt.issue(
        "admin",
        &[Role::Admin],
        &["*".to_owned()],
        chrono::Duration::days(7),
    )?;
    println!(
        "berdaya is up: gRPC on {local}, data in {}",
        settings.data_dir.display()
    );
    println!("admin token (valid 7 days):");
    println!("{token}");
    let pages: Vec<String> = running
        .iter()
        .filter_map(|r| r.page)
        .map(|page| format!("http://{page}"))
        .collect();
    for page in &pages {
        println!("dashboard: {page}/?token={token}");
    }
    if let Some(http) = http {
        println!("HTTP/JSON: http://{http}/v1/<service>/<method> (OpenAPI: /openapi.json)");
    }
    if let Some(metrics) = metrics {
        println!("metrics: http://{metrics}/metrics (health: /healthz, /readyz)");
    }
    crate::settings::announce_ready(
        &settings,
        &serde_json::json!({
            "grpc": local.to_string(),
            "pages": pages,
            "token": token,
            "metrics": metrics.map(|m| m.to_string()),
            "http": http.map(|h| h.to_string()),
            "data_dir": settings.data_dir,
        }),
    )?;
    tracing::info!(addr = %local, data_dir = %settings.data_dir.display(), "serving");

    let grpc_stop = stop.clone();
    let served = crate::grpc::serve(listener, &gateway, routes, names, async move {
        grpc_stop.cancelled().await;
    });
    let signal = async move {
        signalled.await;
        stop.cancel();
    };
    let (result, ()) = tokio::join!(served, signal);
    for task in running.into_iter().flat_map(|r| r.tasks) {
        let _ = task.await;
    }
    result
}

/// Seeds every context's demo data and says what it added: the seeding is idempotent,
/// so on a restart with `--demo` it says that nothing was, rather than repeat the counts.
async fn seed_demo(running: &[berdaya_runtime::Running]) -> anyhow::Result<()> {
    let before = logged_events(running).await?;
    let mut lines = Vec::new();
    for demo in running.iter().filter_map(|r| r.demo.as_ref()) {
        lines.push(demo.seed().await?);
    }
    let added = logged_events(running).await? - before;
    if added == 0 {
        eprintln!("demo data already present: nothing added");
    } else {
        for line in lines {
            eprintln!("{line}");
        }
        eprintln!("demo: {added} events recorded");
    }
    Ok(())
}

/// Events in every context's log.
async fn logged_events(running: &[berdaya_runtime::Running]) -> anyhow::Result<i64> {
    let mut total = 0;
    for log in running.iter().filter_map(|r| r.log.as_ref()) {
        total += log.event_count().await?;
    }
    Ok(total)
}
