//! The one typed settings struct of a Berdaya process: defaults < file < `BERDAYA_*`
//! environment, validated at start-up.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use std::collections::BTreeMap;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::Value;
use serde::{Deserialize, Serialize};

/// Default gRPC address of `berdaya up` and `berdaya serve`.
pub(crate) const DEFAULT_GRPC_ADDR: &str = "127.0.0.1:50051";
/// Default address of the reporting dashboard (HTTP).
pub(crate) const DEFAULT_DASHBOARD_ADDR: &str = "127.0.0.1:8080";
/// Default Prometheus metrics address of `berdaya serve`.
pub(crate) const DEFAULT_METRICS_ADDR: &str = "127.0.0.1:9464";
/// Default address of the HTTP/JSON API (every RPC as `POST /v1/<service>/<method>`).
pub(crate) const DEFAULT_HTTP_ADDR: &str = "127.0.0.1:8081";
/// Default data directory of `berdaya up`.
pub(crate) const DEFAULT_DATA_DIR: &str = "berdaya-data";

/// A secret that never shows in logs or debug output.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(unset)"
        } else {
            "Secret(..)"
        })
    }
}

impl Secret {
    /// True when no value was configured.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every setting. See the README's configuration reference.
///
/// The process's own settings are fields; each context's settings are sections
/// (`[programmes]`, `[enterprise]`, ...) that its module claims, reads and checks (see
/// [`berdaya_runtime::Module::sections`]): a key no field and no module knows is refused
/// at start-up, naming it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Settings {
    /// Where the gRPC server listens.
    pub grpc_addr: String,
    /// Where the reporting dashboard (HTTP) listens.
    pub dashboard_addr: String,
    /// Seconds a dashboard client has to send its request headers.
    pub dashboard_header_timeout_secs: u64,
    /// Where `berdaya up` keeps its SQLite files and dev keys.
    pub data_dir: PathBuf,
    /// PostgreSQL URL for `berdaya serve`.
    pub database_url: Secret,
    /// HMAC secret that signs and verifies bearer tokens (at least 32 bytes).
    pub signing_key: Secret,
    /// The `iss` of tokens.
    pub token_issuer: String,
    /// The longest lifetime a token may have, in hours; longer ones are neither issued
    /// nor accepted.
    pub token_max_lifetime_hours: i64,
    /// Base64 of the 32-byte master key that wraps every data subject's key.
    pub master_key: Secret,
    /// Base64 of the 32-byte key of the NIK blind index.
    pub blind_index_key: Secret,
    /// Where `berdaya serve` serves Prometheus metrics (`GET /metrics`); empty: nowhere.
    pub metrics_addr: String,
    /// Where the HTTP/JSON API and its OpenAPI document (`GET /openapi.json`) are
    /// served, for systems that cannot speak gRPC; empty: nowhere.
    pub http_addr: String,
    /// NATS JetStream: the event stream, the relay and the consumers.
    pub nats: berdaya_messaging::NatsSettings,
    /// Limits of the gRPC server: request size, concurrency, rate per token (`[grpc]`).
    pub grpc: berdaya_platform::call_guard::CallLimits,
    /// Where the process writes one JSON object once it serves (its gRPC address, its
    /// pages, under `berdaya up` the admin token): for supervisors and tests, instead
    /// of reading the lines printed for people. Empty: nowhere.
    pub ready_file: PathBuf,
    /// The contexts' sections, as found; each module reads its own.
    #[serde(flatten)]
    pub sections: BTreeMap<String, Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            grpc_addr: DEFAULT_GRPC_ADDR.to_owned(),
            dashboard_addr: DEFAULT_DASHBOARD_ADDR.to_owned(),
            dashboard_header_timeout_secs: 10,
            data_dir: PathBuf::from(DEFAULT_DATA_DIR),
            database_url: Secret::default(),
            signing_key: Secret::default(),
            token_issuer: "berdaya".to_owned(),
            token_max_lifetime_hours: 720,
            master_key: Secret::default(),
            blind_index_key: Secret::default(),
            metrics_addr: DEFAULT_METRICS_ADDR.to_owned(),
            http_addr: DEFAULT_HTTP_ADDR.to_owned(),
            nats: berdaya_messaging::NatsSettings::default(),
            grpc: berdaya_platform::call_guard::CallLimits::default(),
            ready_file: PathBuf::new(),
            sections: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Loads defaults, then the file (if given, or `berdaya.toml` if present), then
    /// `BERDAYA_*` variables (`__` separates sections: `BERDAYA_PROGRAMMES__PKH_MAX_DECILE`).
    ///
    /// # Errors
    /// When the file or a variable does not parse.
    pub(crate) fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    bail!("settings file {} does not exist", path.display());
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("berdaya.toml")),
        }
        let env = Env::prefixed("BERDAYA_")
            .split("__")
            // BERDAYA_LOG_FORMAT is read by the logger, which starts before the settings.
            .ignore(&["config", "log_format"])
            .filter(|key| !is_service_link(key.as_str()));
        figment = figment.merge(env);
        let settings: Settings = figment.extract().context("invalid settings")?;
        settings.check_sections()?;
        Ok(settings)
    }

    /// Refuses a section no module claims (a typo, a retired setting) and checks every
    /// module's own, so a bad value stops the process before anything starts.
    ///
    /// # Errors
    /// Naming the setting.
    pub(crate) fn check_sections(&self) -> anyhow::Result<()> {
        for name in self.sections.keys() {
            if !crate::contexts::MODULES
                .iter()
                .any(|m| m.sections().contains(&name.as_str()))
            {
                bail!("unknown setting {name:?} (see the README's configuration reference)");
            }
        }
        let sections = self.context_sections();
        for module in crate::contexts::MODULES {
            module.check(&sections)?;
        }
        Ok(())
    }

    /// The contexts' sections, for their modules to read.
    pub(crate) fn context_sections(&self) -> berdaya_runtime::Sections {
        berdaya_runtime::Sections::new(Figment::from(Serialized::defaults(&self.sections)))
    }

    /// The gRPC address, parsed.
    ///
    /// # Errors
    /// When it is not `host:port`.
    pub(crate) fn grpc_addr(&self) -> anyhow::Result<SocketAddr> {
        self.grpc_addr.parse().with_context(|| {
            format!(
                "grpc_addr {:?} is not an address like 127.0.0.1:50051",
                self.grpc_addr
            )
        })
    }

    /// The dashboard address, parsed.
    ///
    /// # Errors
    /// When it is not `host:port`.
    pub(crate) fn dashboard_addr(&self) -> anyhow::Result<SocketAddr> {
        self.dashboard_addr.parse().with_context(|| {
            format!(
                "dashboard_addr {:?} is not an address like 127.0.0.1:8080",
                self.dashboard_addr
            )
        })
    }

    /// How long a dashboard client may take to send its request headers (at least 1 s).
    pub(crate) fn dashboard_header_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.dashboard_header_timeout_secs.max(1))
    }

    /// The token signing secret alone, checked (for processes that seal no personal
    /// data, such as the reporting service).
    ///
    /// # Errors
    /// When it is missing or shorter than 32 bytes.
    pub(crate) fn signing_key(&self) -> anyhow::Result<Vec<u8>> {
        if self.signing_key.0.len() < berdaya_platform::auth::MIN_SECRET_LEN {
            bail!(
                "signing_key (BERDAYA_SIGNING_KEY) must be at least {} bytes",
                berdaya_platform::auth::MIN_SECRET_LEN
            );
        }
        Ok(self.signing_key.0.as_bytes().to_vec())
    }

    /// The token keys for `signing` (see [`Settings::signing_key`]), with the configured
    /// issuer and maximum lifetime.
    ///
    /// # Errors
    /// When `token_max_lifetime_hours` is not 1 to 8760 (a year).
    pub(crate) fn jwt(&self, signing: &[u8]) -> anyhow::Result<berdaya_platform::JwtKeys> {
        if !(1..=8760).contains(&self.token_max_lifetime_hours) {
            bail!(
                "token_max_lifetime_hours must be 1 to 8760, got {}",
                self.token_max_lifetime_hours
            );
        }
        Ok(berdaya_platform::JwtKeys::new(signing, &self.token_issuer)
            .with_max_lifetime(chrono::Duration::hours(self.token_max_lifetime_hours)))
    }

    /// The keys, decoded and checked.
    ///
    /// # Errors
    /// When a key is missing or malformed, naming the setting.
    pub(crate) fn keys(&self) -> anyhow::Result<Keys> {
        Ok(Keys {
            signing: self.signing_key()?,
            master: decode_key("master_key (BERDAYA_MASTER_KEY)", &self.master_key)?,
            blind: decode_key(
                "blind_index_key (BERDAYA_BLIND_INDEX_KEY)",
                &self.blind_index_key,
            )?,
        })
    }
}

/// Where a database URL points, for messages: `host:port/database`, never the password
/// (an unreachable database otherwise says only "pool timed out").
pub(crate) fn database_target(url: &str) -> String {
    match url.parse::<sqlx::postgres::PgConnectOptions>() {
        Ok(options) => format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("postgres")
        ),
        Err(_) => "an unparsable database URL".to_owned(),
    }
}

/// Writes `ready` to `settings.ready_file` (when set) in one step: a reader never sees
/// half of it.
///
/// # Errors
/// When the file cannot be written.
pub(crate) fn announce_ready(settings: &Settings, ready: &serde_json::Value) -> anyhow::Result<()> {
    if settings.ready_file.as_os_str().is_empty() {
        return Ok(());
    }
    let path = &settings.ready_file;
    let partial = path.with_extension("partial");
    std::fs::write(&partial, format!("{ready}\n"))
        .with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("writing {}", path.display()))
}

/// True for the variables Kubernetes injects for a Service whose name starts with
/// `berdaya` (`BERDAYA_HOUSEHOLDS_SERVICE_HOST`, `BERDAYA_PORT_50051_TCP_ADDR`, ...): they
/// are not settings, and refusing them as unknown would stop every pod at start-up.
/// (`key` is lowercase, without the `BERDAYA_` prefix; no setting contains "port".)
fn is_service_link(key: &str) -> bool {
    key == "port"
        || key.starts_with("port_")
        || key.ends_with("_port")
        || key.contains("_port_")
        || key.contains("service_host")
        || key.contains("service_port")
}

/// Decoded key material.
#[derive(Clone)]
pub(crate) struct Keys {
    /// JWT HMAC secret.
    pub signing: Vec<u8>,
    /// Master key wrapping subject keys.
    pub master: [u8; 32],
    /// Blind-index key.
    pub blind: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

fn decode_key(name: &str, secret: &Secret) -> anyhow::Result<[u8; 32]> {
    if secret.is_empty() {
        bail!("{name} is required: base64 of 32 random bytes (e.g. `openssl rand -base64 32`)");
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(secret.0.trim())
        .with_context(|| format!("{name} is not base64"))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| anyhow::anyhow!("{name} must decode to 32 bytes, got {}", b.len()))
}

/// Random key material in settings form, for development deployments.
pub(crate) fn generate_dev_keys() -> (Secret, Secret, Secret) {
    use rand::RngCore;
    let mut rng = rand::rngs::OsRng;
    let mut random = |n: usize| {
        let mut bytes = vec![0u8; n];
        rng.fill_bytes(&mut bytes);
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    (Secret(random(48)), Secret(random(32)), Secret(random(32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_service_links_are_not_settings() {
        for key in [
            "households_service_host",
            "households_service_port",
            "households_service_port_grpc",
            "households_port",
            "households_port_50051_tcp",
            "households_port_50051_tcp_addr",
            "port",
            "port_50051_tcp_proto",
        ] {
            assert!(is_service_link(key), "{key}");
        }
        for key in [
            "grpc_addr",
            "dashboard_addr",
            "metrics_addr",
            "http_addr",
            "database_url",
            "nats.url",
            "programmes.pkh_max_decile",
        ] {
            assert!(!is_service_link(key), "{key}");
        }
    }
}
