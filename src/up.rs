//! `berdaya up`: the embedded default. Every service in one process, on SQLite files in a
//! data directory, with development keys created on first start.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_households::{HouseholdsApi, ParticipationApi, SavingsApi};
use berdaya_platform::Role;
use serde::{Deserialize, Serialize};

use crate::settings::{Secret, Settings, generate_dev_keys};

/// Name of the file `berdaya up` keeps its development keys in.
pub const DEV_KEYS_FILE: &str = "dev-keys.toml";

/// Options of `berdaya up`.
#[derive(Debug, clap::Args)]
pub struct UpArgs {
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
pub fn fill_dev_keys(settings: &mut Settings, create: bool) -> anyhow::Result<()> {
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

/// Runs `berdaya up`.
///
/// # Errors
/// On bad settings, an unusable data directory, or a port already in use.
pub async fn run(mut settings: Settings, args: UpArgs) -> anyhow::Result<()> {
    berdaya_platform::telemetry::init("berdaya-up");
    if let Some(addr) = args.grpc_addr {
        settings.grpc_addr = addr;
    }
    if let Some(dir) = args.data_dir {
        settings.data_dir = dir;
    }
    if let Some(addr) = args.dashboard_addr {
        settings.dashboard_addr = addr;
    }
    fill_dev_keys(&mut settings, true)?;
    let keys = settings.keys()?;
    let policy = settings.programmes.policy().map_err(anyhow::Error::msg)?;
    let bands = settings.participation.bands().map_err(anyhow::Error::msg)?;
    let incentives = settings.savings.rule().map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(&settings.data_dir)?;

    let households_db = settings.data_dir.join("households.db");
    let store: Arc<dyn EventStore> = Arc::new(
        SqliteStore::open(&households_db)
            .await
            .with_context(|| format!("opening {}", households_db.display()))?,
    );
    let vault = Arc::new(Vault::new(keys.master, keys.blind));
    let enterprise_stop = tokio_util::sync::CancellationToken::new();
    let (enterprise, enterprise_store) = crate::enterprise::embedded(
        &settings,
        store.clone(),
        vault.clone(),
        enterprise_stop.clone(),
    )
    .await?;
    let households = HouseholdsApi::new(store.clone(), vault.clone(), policy);
    let participation = ParticipationApi::new(store.clone(), vault.clone(), bands);
    let savings = SavingsApi::new(store.clone(), vault, incentives);
    let model = crate::reporting::embedded_model(&settings.data_dir).await?;
    let services = crate::grpc::Services {
        households: Some(households.clone()),
        participation: Some(participation.clone()),
        savings: Some(savings.clone()),
        reporting: Some(berdaya_reporting::grpc::ReportingApi::new(model.clone())),
        enterprise: Some(enterprise.clone()),
    };
    let jwt = Arc::new(settings.jwt(&keys.signing)?);
    let addr = settings.grpc_addr()?;
    let listener = berdaya_platform::server::bind(addr)
        .await
        .with_context(|| {
            format!("binding {addr} (set --grpc-addr or BERDAYA_GRPC_ADDR to use another port)")
        })?;
    let local = listener.local_addr()?;
    let dashboard_addr = settings.dashboard_addr()?;
    let dashboard_listener = tokio::net::TcpListener::bind(dashboard_addr).await.with_context(|| {
        format!("binding {dashboard_addr} (set --dashboard-addr or BERDAYA_DASHBOARD_ADDR to use another port)")
    })?;
    let dashboard_local = dashboard_listener.local_addr()?;

    if args.demo {
        let seeded = crate::demo::seed(&households).await?;
        eprintln!("demo province seeded: {seeded} households");
        let groups = crate::demo_kube::seed(&enterprise).await?;
        eprintln!("demo KUBE groups seeded: {groups}");
        let activities = crate::demo_participation::seed(&households, &participation).await?;
        eprintln!("demo participation seeded: {activities}");
        let saved = crate::demo_savings::seed(&households, &savings).await?;
        eprintln!("demo savings seeded: {saved}");
    }

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
    println!("dashboard: http://{dashboard_local}/?token={token}");
    tracing::info!(addr = %local, data_dir = %settings.data_dir.display(), "serving");

    // One stop signal for every part of the process.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    {
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
            enterprise_stop.cancel();
        });
    }
    let projection = {
        let sources = vec![
            berdaya_reporting::follow::Source {
                name: "households".to_owned(),
                store,
            },
            berdaya_reporting::follow::Source {
                name: "enterprise".to_owned(),
                store: enterprise_store,
            },
        ];
        let mut stop = stop_rx.clone();
        tokio::spawn(berdaya_reporting::follow::run(
            model.clone(),
            sources,
            crate::reporting::POLL_INTERVAL,
            async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
            },
        ))
    };
    let dashboard = tokio::spawn(crate::reporting::serve_dashboard(
        dashboard_listener,
        model,
        jwt.clone(),
        settings.dashboard_header_timeout(),
        stop_rx.clone(),
    ));
    let mut grpc_stop = stop_rx;
    let served = crate::grpc::serve(listener, services, jwt, &settings.grpc, async move {
        let _ = grpc_stop.wait_for(|stopped| *stopped).await;
    });
    let signal = async move {
        berdaya_platform::server::shutdown_signal().await;
        let _ = stop_tx.send(true);
    };
    let (result, ()) = tokio::join!(served, signal);
    let _ = projection.await;
    let _ = dashboard.await;
    result
}
