//! The contract between the binary and a bounded context: [`Module`]. The binary builds
//! an [`Env`] for the [`Mode`] it runs in; the module opens what it needs, starts its
//! background tasks, and hands back its gRPC routes and its event log ([`Running`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_messaging::NatsSettings;
use berdaya_platform::JwtKeys;
use figment::Figment;
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;
use tonic::service::{Interceptor, RoutesBuilder};
use tonic::{Request, Status};

use crate::Context;

/// One bounded context as the binary runs it. Each service crate exports one value
/// implementing it (`berdaya_households::MODULE`, ...).
#[async_trait]
pub trait Module: Send + Sync + 'static {
    /// Which context it is.
    fn context(&self) -> Context;

    /// The full names of the gRPC services it serves (for health checks).
    fn services(&self) -> &'static [&'static str];

    /// The settings sections it owns (`programmes`, `enterprise`, ...): the table names
    /// of `berdaya.toml` and the `BERDAYA_<SECTION>__*` variables.
    fn sections(&self) -> &'static [&'static str];

    /// Checks its sections, so a bad value stops the process before anything starts.
    ///
    /// # Errors
    /// A message naming the setting.
    fn check(&self, sections: &Sections) -> anyhow::Result<()>;

    /// True when the context keeps an event log of its own (relayed to NATS under
    /// `berdaya serve`, followed by projections); false for the reporting projection.
    fn keeps_log(&self) -> bool {
        true
    }

    /// Starts the context: opens its store (or takes the one the binary opened), starts
    /// the feeds of its views, and adds its gRPC services to `routes`, each wrapped with
    /// [`Grpc::guard`].
    ///
    /// # Errors
    /// Bad settings, a store that cannot be opened.
    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running>;
}

/// The settings sections of every context, as loaded (defaults < file < environment).
#[derive(Debug, Clone, Default)]
pub struct Sections(Figment);

impl Sections {
    /// The sections found in `figment`.
    pub fn new(figment: Figment) -> Self {
        Self(figment)
    }

    /// Section `name` as `T`; its defaults when the section is absent.
    ///
    /// # Errors
    /// When it does not deserialize as `T` (an unknown key, a wrong type), naming it.
    pub fn get<T: DeserializeOwned + Default>(&self, name: &str) -> anyhow::Result<T> {
        if self.0.find_value(name).is_err() {
            return Ok(T::default());
        }
        self.0
            .extract_inner(name)
            .map_err(|e| anyhow::anyhow!("invalid settings [{name}]: {e}"))
    }
}

/// The gRPC side of a process: how a module wraps its services.
#[derive(Clone)]
pub struct Grpc {
    /// Authenticates every call and checks the call guard (rates, roles of writes).
    pub auth: Auth,
    /// The largest request a service decodes (the call guard refuses larger ones first).
    pub max_request_bytes: usize,
}

impl std::fmt::Debug for Grpc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grpc")
            .field("max_request_bytes", &self.max_request_bytes)
            .finish_non_exhaustive()
    }
}

/// Authenticates one call: the request with its principal, or the refusal.
pub type Authenticate = dyn Fn(Request<()>) -> Result<Request<()>, Status> + Send + Sync;

/// The process's authentication interceptor, shareable by every service.
#[derive(Clone)]
pub struct Auth(pub Arc<Authenticate>);

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Auth")
    }
}

impl Grpc {
    /// `service` behind the process's authentication.
    pub fn guard<S>(&self, service: S) -> InterceptedService<S, Auth> {
        InterceptedService::new(service, self.auth.clone())
    }
}

impl Interceptor for Auth {
    fn call(&mut self, request: Request<()>) -> Result<Request<()>, Status> {
        (self.0)(request)
    }
}

/// How the process runs, and what it has opened for the module.
#[derive(Debug, Clone)]
pub enum Mode {
    /// `berdaya up`: every context in one process, each on its own SQLite file in
    /// `data_dir` (`<context>.db`). `logs` holds the event logs of the contexts started
    /// before this one, for views and projections to follow directly.
    Embedded {
        /// The data directory.
        data_dir: PathBuf,
        /// Event logs by context, of the contexts already started.
        logs: BTreeMap<Context, Arc<dyn EventStore>>,
    },
    /// `berdaya serve --service <context>`: this context alone, on PostgreSQL; other
    /// contexts' events arrive over NATS JetStream.
    Distributed {
        /// The PostgreSQL URL (the context's own database).
        database_url: String,
        /// Its event store, connected and migrated, metered (contexts that keep a log).
        log: Option<(PostgresStore, Arc<dyn EventStore>)>,
        /// The deployment's NATS settings.
        nats: Box<NatsSettings>,
    },
}

/// Everything a module starts with.
#[derive(Debug, Clone)]
pub struct Env {
    /// Its settings sections (and the others').
    pub sections: Sections,
    /// The personal-data vault; `None` in a process that holds no keys (reporting).
    pub vault: Option<Arc<Vault>>,
    /// The token keys (the dashboard checks tokens too).
    pub jwt: Arc<JwtKeys>,
    /// How services are wrapped.
    pub grpc: Grpc,
    /// The mode.
    pub mode: Mode,
    /// Where an HTTP page of the context (the dashboard) listens, and how long a client
    /// has to send its request headers.
    pub http: (SocketAddr, Duration),
    /// Cancelled when the process stops.
    pub stop: CancellationToken,
}

impl Mode {
    /// The event log of `context`: its SQLite file in the data directory (`berdaya up`),
    /// or the store the binary connected (`berdaya serve`).
    ///
    /// # Errors
    /// When the file cannot be opened, or the process has no store.
    pub async fn log(&self, context: Context) -> anyhow::Result<Arc<dyn EventStore>> {
        match self {
            Mode::Embedded { .. } => Ok(Arc::new(self.sqlite(context).await?)),
            Mode::Distributed {
                log: Some((_, store)),
                ..
            } => Ok(store.clone()),
            Mode::Distributed { log: None, .. } => {
                anyhow::bail!("{context} keeps an event log but none was opened")
            }
        }
    }

    /// The SQLite store of `context` in the data directory (`berdaya up` only).
    ///
    /// # Errors
    /// In the distributed mode, or when the file cannot be opened.
    pub async fn sqlite(&self, context: Context) -> anyhow::Result<SqliteStore> {
        let Mode::Embedded { data_dir, .. } = self else {
            anyhow::bail!("{context}: no SQLite store under berdaya serve");
        };
        let path = data_dir.join(format!("{context}.db"));
        SqliteStore::open(&path)
            .await
            .map_err(|e| anyhow::anyhow!("opening {}: {e}", path.display()))
    }
}

impl Env {
    /// The vault.
    ///
    /// # Errors
    /// When the process was started without keys.
    pub fn vault(&self) -> anyhow::Result<Arc<Vault>> {
        self.vault.clone().ok_or_else(|| {
            anyhow::anyhow!("master_key and blind_index_key are required for this service")
        })
    }
}

/// Seeds a context's demo data (`berdaya up --demo`), idempotently.
#[async_trait]
pub trait DemoSeed: Send + Sync {
    /// Seeds; returns a line for people (`demo KUBE groups seeded: 4`).
    ///
    /// # Errors
    /// When the API refuses the demo data.
    async fn seed(&self) -> anyhow::Result<String>;
}

/// A started context.
#[derive(Default)]
pub struct Running {
    /// Its event log (relayed, and followed by projections in `berdaya up`).
    pub log: Option<Arc<dyn EventStore>>,
    /// Its background tasks (feeds of its views); they end when [`Env::stop`] is
    /// cancelled.
    pub tasks: Vec<JoinHandle<()>>,
    /// The address its HTTP page listens on, when it has one (the dashboard).
    pub page: Option<SocketAddr>,
    /// Its demo seeding.
    pub demo: Option<Box<dyn DemoSeed>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("log", &self.log.is_some())
            .field("tasks", &self.tasks.len())
            .field("page", &self.page)
            .finish_non_exhaustive()
    }
}
