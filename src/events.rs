//! `berdaya events tail`: follow the deployment's event stream from the command line.
//!
//! Integrators use it to see what the services publish (subjects, headers, payloads)
//! and to wire their own consumers; operators use it to check that events flow. It runs
//! the same pull consumer as the projections, with a sink that prints one JSON object
//! per delivery on stdout (the payload decoded to proto3 JSON through the published
//! descriptor set; sealed personal fields stay sealed) and acknowledges it.
//!
//! By default the tail is ephemeral: it reads the stream from the start and the server
//! forgets it a little after it exits. With `--durable NAME` the server keeps its
//! position: a tail restarted with the same name resumes where it stopped (delivery is
//! at least once: an event printed just before a crash comes again). A tail never
//! changes the stream's configuration.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use base64::Engine;
use berdaya_messaging::{
    Applied, EventEnvelope, HandlerError, JetStreamConsumer, MessagingError, Outcome,
    ParkedMessage, Parking, Sink,
};
use prost_reflect::{DescriptorPool, DynamicMessage};
use tokio_util::sync::CancellationToken;

use crate::settings::Settings;

/// Options of `berdaya events tail`.
#[derive(Debug, clap::Args)]
pub(crate) struct TailArgs {
    /// Durable consumer name: the server keeps its position between runs (default: an
    /// ephemeral consumer, removed by the server after the tail exits).
    #[arg(long)]
    durable: Option<String>,
    /// Subject filter, e.g. `berdaya.households.>` (default: every event of the stream).
    #[arg(long)]
    subject: Option<String>,
    /// Exit after printing this many events.
    #[arg(long)]
    max_events: Option<u64>,
}

/// Runs `berdaya events tail` until SIGINT/SIGTERM or `--max-events`.
///
/// # Errors
/// Bad settings or arguments, or a stream that conflicts with the settings.
pub(crate) async fn tail(settings: Settings, args: TailArgs) -> anyhow::Result<()> {
    settings.nats.validate()?;
    let stop = CancellationToken::new();
    let name = args
        .durable
        .clone()
        .unwrap_or_else(|| format!("tail-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]));
    let sink = Arc::new(PrintSink {
        name: name.clone(),
        printed: AtomicU64::new(0),
        max_events: args.max_events,
        stop: stop.clone(),
    });
    let consumer =
        JetStreamConsumer::new(settings.nats.clone(), &name, args.subject.as_deref(), sink)?;
    let consumer = if args.durable.is_some() {
        consumer
    } else {
        consumer.ephemeral(EPHEMERAL_INACTIVE)
    };
    let signal_stop = stop.clone();
    let signalled = berdaya_platform::server::shutdown_signal();
    tokio::spawn(async move {
        signalled.await;
        signal_stop.cancel();
    });
    consumer.run(stop).await?;
    berdaya_platform::telemetry::shutdown();
    Ok(())
}

/// How long the server keeps an ephemeral tail's consumer after the tail stops fetching.
const EPHEMERAL_INACTIVE: std::time::Duration = std::time::Duration::from_secs(10);

/// The published messages, to decode payloads by their event type.
static DESCRIPTORS: LazyLock<Option<DescriptorPool>> =
    LazyLock::new(|| DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET).ok());

/// The payload as proto3 JSON (int64 as strings, bytes and sealed fields as base64), or
/// `None` when the type is unknown to this build or the bytes do not decode.
fn payload_json(event_type: &str, payload: &[u8]) -> Option<serde_json::Value> {
    let descriptor = DESCRIPTORS.as_ref()?.get_message_by_name(event_type)?;
    let message = DynamicMessage::decode(descriptor, payload).ok()?;
    serde_json::to_value(&message).ok()
}

/// Prints each event as one JSON line.
#[derive(Debug)]
struct PrintSink {
    name: String,
    printed: AtomicU64,
    max_events: Option<u64>,
    stop: CancellationToken,
}

/// One printed line.
fn event_json(event: &EventEnvelope) -> serde_json::Value {
    let mut line = serde_json::json!({
        "context": event.context,
        "event_id": event.event_id,
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "stream_id": event.stream_id,
        "version": event.version,
        "recorded_at": event.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "region": event.metadata.region,
        "actor": event.metadata.actor,
        "role": event.metadata.role,
        "correlation_id": event.metadata.correlation_id,
        "causation_id": event.metadata.causation_id,
        "traceparent": event.metadata.traceparent,
        // The trace this consumer's span joined: the producer's, when it sent one.
        "trace_id": berdaya_platform::telemetry::current_trace_id()
            .or_else(|| berdaya_platform::telemetry::trace_id_of(&event.metadata.traceparent)),
    });
    // A type this build does not know (a newer producer) is still shown, as bytes.
    match payload_json(&event.event_type, &event.payload) {
        Some(payload) => line["payload"] = payload,
        None => {
            line["payload_base64"] = base64::engine::general_purpose::STANDARD
                .encode(&event.payload)
                .into();
        }
    }
    line
}

impl PrintSink {
    /// Prints one event, in a span that joins the producer's trace. Past
    /// `--max-events`, events are handed back for a later run.
    fn print(&self, event: &EventEnvelope) -> Outcome {
        if self.stop.is_cancelled() {
            return Err(HandlerError::Unavailable("stopping".into()));
        }
        let span = tracing::info_span!("consume", consumer = %self.name,
            event_id = %event.event_id, stream_id = %event.stream_id, version = event.version);
        berdaya_platform::telemetry::set_remote_parent(&span, &event.metadata.traceparent);
        let _entered = span.enter();
        let line = event_json(event).to_string();
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| HandlerError::Unavailable(format!("stdout: {e}")))?;
        let printed = self.printed.fetch_add(1, Ordering::SeqCst) + 1;
        if self.max_events.is_some_and(|max| printed >= max) {
            self.stop.cancel();
        }
        Ok(Applied::Applied)
    }
}

#[async_trait]
impl Sink for PrintSink {
    fn name(&self) -> &str {
        &self.name
    }

    async fn deliver(&self, events: &[EventEnvelope]) -> Vec<Outcome> {
        events.iter().map(|event| self.print(event)).collect()
    }

    async fn park(&self, parked: &ParkedMessage, _parking: Parking) -> Result<(), MessagingError> {
        // The tail has no database: report the unreadable message on stderr.
        eprintln!(
            "{}",
            serde_json::json!({
                "parked": parked.key,
                "subject": parked.subject,
                "reason": parked.reason,
                "deliveries": parked.deliveries,
            })
        );
        Ok(())
    }
}
