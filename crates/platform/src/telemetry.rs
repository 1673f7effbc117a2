//! Logging, tracing and trace-context propagation: one `tracing` subscriber per process.
//!
//! - Log lines go to stderr, filtered by `RUST_LOG` (default [`DEFAULT_FILTER`]).
//! - When `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set,
//!   every span also becomes an OpenTelemetry span (filtered by [`TRACE_FILTER`], not by
//!   `RUST_LOG`, so quiet logs keep full traces), exported over OTLP/gRPC. Otherwise no
//!   OpenTelemetry layer is installed at all (it cost the command path a fifth of its
//!   CPU for spans nobody received), and trace context still flows without it: a call's
//!   `traceparent` is recorded on its events as a child within the caller's trace
//!   ([`child_traceparent`]), and a consumer reads the trace id from the event's.
//! - W3C trace context crosses process boundaries as a `traceparent` string: extracted
//!   from gRPC metadata into each call's span ([`grpc_request_span`]), recorded on every
//!   event from the command's span ([`current_traceparent`]), carried in NATS headers,
//!   and restored as the parent of each consumer's span ([`set_remote_parent`]), so one
//!   trace runs from an integrator's call through the relay into the projection.

use std::collections::HashMap;
use std::sync::OnceLock;

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The log filter when `RUST_LOG` is unset.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn";

/// Which spans become OpenTelemetry spans, whatever `RUST_LOG` says.
pub const TRACE_FILTER: &str = "info,sqlx=warn,h2=warn,hyper=warn,tower=warn,async_nats=warn";

static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Installs the process's tracing subscriber, exporting spans when the OTLP endpoint
/// variables are set. Calling it again (or after another subscriber was installed, as
/// in tests) does nothing. Call [`shutdown`] before the process exits to flush
/// exported spans.
pub fn init(service: &str) {
    init_with_otlp(service, otlp_endpoint().as_deref());
}

/// [`init`] with an explicit OTLP/gRPC endpoint (`http://collector:4317`), or none.
pub fn init_with_otlp(service: &str, endpoint: Option<&str>) {
    let (filter, bad_filter) = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => match EnvFilter::try_new(&spec) {
            Ok(filter) => (filter, None),
            Err(e) => (EnvFilter::new(DEFAULT_FILTER), Some((spec, e))),
        },
        _ => (EnvFilter::new(DEFAULT_FILTER), None),
    };
    let (provider, export_error) = match endpoint {
        Some(endpoint) => tracer_provider(service, endpoint),
        None => (None, None),
    };
    let otel = provider.as_ref().map(|provider| {
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer("berdaya"))
            .with_filter(EnvFilter::new(TRACE_FILTER))
    });
    let fmt = log_layer(LogFormat::from_env()).with_filter(filter);
    let installed = tracing_subscriber::registry()
        .with(fmt)
        .with(otel)
        .try_init()
        .is_ok();
    if !installed {
        return;
    }
    if let Some(provider) = provider {
        let _ = PROVIDER.set(provider);
    }
    if let Some((spec, error)) = bad_filter {
        tracing::warn!(rust_log = %spec, error = %error, default = DEFAULT_FILTER, "ignoring invalid RUST_LOG");
    }
    if let Some(error) = export_error {
        tracing::warn!(error = %error, "OTLP export not started");
    }
    tracing::info!(service, otlp = endpoint.is_some(), "telemetry initialised");
}

/// How log lines are written: for people (`text`, the default) or for a log pipeline
/// such as Loki or ELK (`json`, one object per line), from `BERDAYA_LOG_FORMAT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, coloured only when stderr is a terminal.
    Text,
    /// One JSON object per line, with the span's fields.
    Json,
}

impl LogFormat {
    /// `BERDAYA_LOG_FORMAT` (`text` or `json`); anything else is `text`, with a warning
    /// printed before logging starts.
    pub fn from_env() -> Self {
        match std::env::var("BERDAYA_LOG_FORMAT") {
            Ok(value) => Self::parse(&value).unwrap_or_else(|| {
                eprintln!("BERDAYA_LOG_FORMAT={value:?} is neither text nor json; using text");
                Self::Text
            }),
            Err(_) => Self::Text,
        }
    }

    /// `text` or `json` (any case, surrounding blanks ignored).
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// The log layer for `format`, writing to stderr.
fn log_layer<S>(format: LogFormat) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    use std::io::IsTerminal;
    match format {
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(std::io::stderr)
            .boxed(),
    }
}

/// Flushes and stops span export (a no-op when nothing is exported). It blocks until
/// the exporter is done, so inside a multi-threaded Tokio runtime it steps out of the
/// worker first, leaving the other workers to drive the export's I/O.
pub fn shutdown() {
    let Some(provider) = PROVIDER.get() else {
        return;
    };
    let multi_thread = tokio::runtime::Handle::try_current()
        .is_ok_and(|handle| handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi_thread {
        tokio::task::block_in_place(|| {
            let _ = provider.shutdown();
        });
    } else {
        let _ = provider.shutdown();
    }
}

fn otlp_endpoint() -> Option<String> {
    [
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    ]
    .into_iter()
    .filter_map(|name| std::env::var(name).ok())
    .find(|value| !value.trim().is_empty())
}

/// A provider that exports over OTLP/gRPC to `endpoint` (it must be built inside the
/// Tokio runtime); `None` with the reason when the exporter cannot be built.
fn tracer_provider(service: &str, endpoint: &str) -> (Option<SdkTracerProvider>, Option<String>) {
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name(format!("berdaya-{service}"))
        .build();
    match opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
    {
        Ok(exporter) => (
            Some(
                SdkTracerProvider::builder()
                    .with_resource(resource)
                    .with_batch_exporter(exporter)
                    .build(),
            ),
            None,
        ),
        Err(error) => (None, Some(error.to_string())),
    }
}

/// A `traceparent` for a new span within the trace of `parent` (same trace id and
/// flags, a fresh span id), when `parent` is well formed. What a call records on its
/// events when no OpenTelemetry layer gives its span an id of its own.
pub fn child_traceparent(parent: &str) -> Option<String> {
    let context = extract(|name| (name == "traceparent").then_some(parent));
    let span = context.span();
    let span_context = span.span_context();
    if !span_context.is_valid() {
        return None;
    }
    let span_id = loop {
        let (high, _) = uuid::Uuid::new_v4().as_u64_pair();
        if high != 0 {
            break high;
        }
    };
    Some(format!(
        "00-{}-{span_id:016x}-{:02x}",
        span_context.trace_id(),
        span_context.trace_flags().to_u8()
    ))
}

/// True when spans are exported (an OTLP endpoint was configured at [`init`]).
pub fn exporting() -> bool {
    PROVIDER.get().is_some()
}

/// The W3C `traceparent` of the current span, when it belongs to a trace.
pub fn current_traceparent() -> Option<String> {
    let context = tracing::Span::current().context();
    let span = context.span();
    let span_context = span.span_context();
    span_context.is_valid().then(|| {
        format!(
            "00-{}-{}-{:02x}",
            span_context.trace_id(),
            span_context.span_id(),
            span_context.trace_flags().to_u8()
        )
    })
}

/// The id of the trace the current span belongs to (32 hex digits), if any.
pub fn current_trace_id() -> Option<String> {
    let context = tracing::Span::current().context();
    let span = context.span();
    let span_context = span.span_context();
    span_context
        .is_valid()
        .then(|| span_context.trace_id().to_string())
}

/// The trace id inside a `traceparent` string, if it is well formed.
pub fn trace_id_of(traceparent: &str) -> Option<String> {
    let context = extract(|name| (name == "traceparent").then_some(traceparent));
    let span = context.span();
    let span_context = span.span_context();
    span_context
        .is_valid()
        .then(|| span_context.trace_id().to_string())
}

/// Makes the remote span described by `traceparent` (from gRPC metadata or a NATS
/// header) the parent of `span`. An empty or malformed value leaves `span` a root.
pub fn set_remote_parent(span: &tracing::Span, traceparent: &str) {
    if traceparent.is_empty() {
        return;
    }
    let context = extract(|name| (name == "traceparent").then_some(traceparent));
    if context.span().span_context().is_valid() {
        let _ = span.set_parent(context);
    }
}

/// The span of one gRPC call (use with tonic's `Server::trace_fn`): named by the
/// method path, child of the caller's span when the call carries `traceparent`.
///
/// Without an exporter the span is at `debug` level, so under the default filter a call
/// creates no span at all (the log lines it writes still carry their own fields).
pub fn grpc_request_span(request: &tonic::codegen::http::Request<()>) -> tracing::Span {
    if !exporting() {
        return tracing::debug_span!("grpc", path = %request.uri().path());
    }
    let span = tracing::info_span!("grpc", path = %request.uri().path(), otel.kind = "server");
    let headers = request.headers();
    let context = extract(|name| headers.get(name).and_then(|v| v.to_str().ok()));
    if context.span().span_context().is_valid() {
        let _ = span.set_parent(context);
    }
    span
}

/// Extracts W3C trace context through `get` (header name → value).
fn extract<'a>(get: impl Fn(&str) -> Option<&'a str>) -> opentelemetry::Context {
    let carrier: HashMap<String, String> = ["traceparent", "tracestate"]
        .into_iter()
        .filter_map(|name| get(name).map(|value| (name.to_owned(), value.to_owned())))
        .collect();
    TraceContextPropagator::new().extract(&carrier)
}

/// `traceparent` and `tracestate` of the current span as header pairs, for injecting
/// into outgoing gRPC metadata or NATS headers.
pub fn current_trace_headers() -> HashMap<String, String> {
    let mut headers = HashMap::new();
    TraceContextPropagator::new().inject_context(&tracing::Span::current().context(), &mut headers);
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    #[test]
    fn init_is_idempotent() {
        init("test");
        init("test");
        tracing::info!("still logging after a second init");
    }

    #[test]
    fn without_an_exporter_a_call_records_a_child_within_the_callers_trace() {
        init("test");
        let child = child_traceparent(PARENT).unwrap();
        assert!(
            child.starts_with("00-0af7651916cd43dd8448eb211c80319c-"),
            "{child}"
        );
        assert!(child.ends_with("-01"), "{child}");
        assert!(!child.contains("b7ad6b7169203331"), "{child}");
        assert_ne!(child_traceparent(PARENT).unwrap(), child);
        assert_eq!(
            trace_id_of(&child).as_deref(),
            Some("0af7651916cd43dd8448eb211c80319c")
        );
        // No OpenTelemetry layer: spans carry no trace of their own.
        let span = tracing::info_span!("consume");
        set_remote_parent(&span, PARENT);
        assert_eq!(span.in_scope(current_traceparent), None);
    }

    #[test]
    fn garbage_has_no_trace() {
        init("test");
        assert_eq!(child_traceparent("not-a-traceparent"), None);
        assert_eq!(child_traceparent(""), None);
        assert_eq!(trace_id_of("garbage"), None);
    }
}
