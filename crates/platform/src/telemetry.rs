//! Logging and tracing set-up: one `tracing` subscriber per process.
//!
//! Log levels come from `RUST_LOG` (default [`DEFAULT_FILTER`]). OpenTelemetry export
//! (OTLP) and trace-context propagation will hang off this module; until then
//! [`current_trace_id`] has nothing to report.

use tracing_subscriber::EnvFilter;

/// The log filter when `RUST_LOG` is unset.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn";

/// Installs the process's tracing subscriber: human-readable lines on stderr, filtered by
/// `RUST_LOG`. Calling it again (or after another subscriber was installed, as in tests)
/// does nothing.
pub fn init(service: &str) {
    let (filter, bad_filter) = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => match EnvFilter::try_new(&spec) {
            Ok(filter) => (filter, None),
            Err(e) => (EnvFilter::new(DEFAULT_FILTER), Some((spec, e))),
        },
        _ => (EnvFilter::new(DEFAULT_FILTER), None),
    };
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init()
        .is_ok();
    if installed {
        if let Some((spec, error)) = bad_filter {
            tracing::warn!(
                rust_log = %spec,
                error = %error,
                default = DEFAULT_FILTER,
                "ignoring invalid RUST_LOG"
            );
        }
        tracing::info!(service, "telemetry initialised");
    }
}

/// The id of the trace the current span belongs to, when trace export is configured;
/// `None` until OTLP export is in place.
pub fn current_trace_id() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_is_idempotent() {
        init("test");
        init("test");
        tracing::info!("still logging after a second init");
    }
}
