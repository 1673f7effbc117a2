//! Events between Berdaya services.
//!
//! In the distributed mode (`berdaya serve`) every service relays its committed log to
//! one JetStream stream, and projections consume it with durable pull consumers; in the
//! embedded mode (`berdaya up`) projections follow the other services' stores directly.
//! Both modes feed the same [`inbox::EventHandler`] through the same [`inbox::Inbox`],
//! so projection code is written once.
//!
//! - [`settings`]: every knob, with documented defaults;
//! - [`subject`]: `<prefix>.<context>.<EventType>` subject names;
//! - [`envelope`]: the event as consumers see it, and the NATS headers that carry it;
//! - [`jetstream`]: connecting, and creating or checking the stream at start-up;
//! - [`relay`]: publishing a service's log (pipelined, checkpointed after acks), with
//!   one active relay per service ([`leader`]);
//! - [`inbox`]: idempotent, ordered, transactional batch apply, parking and re-drive
//!   (PostgreSQL, SQLite, or both through sqlx's `Any`);
//! - [`consumer`]: the durable JetStream pull consumer;
//! - [`local`]: the embedded-mode source that follows another store's log;
//! - [`metrics`]: Prometheus metrics of all of the above.
//!
//! Delivery is at least once end to end; exactly-once effects come from the inbox's
//! applied records, written in the same transaction as the projection's writes.

mod backoff;
pub mod consumer;
pub mod envelope;
pub mod error;
pub mod inbox;
pub mod jetstream;
pub mod leader;
pub mod local;
pub mod metrics;
pub mod relay;
pub mod settings;
pub mod subject;

pub use consumer::JetStreamConsumer;
pub use envelope::EventEnvelope;
pub use error::MessagingError;
pub use inbox::{
    Applied, Checkpoint, EventHandler, HandlerError, Inbox, InboxDatabase, Outcome, ParkedMessage,
    Parking, Redriven, Sink, SourcePosition,
};
pub use local::LocalSource;
pub use relay::{Relay, run_with_leadership};
pub use settings::{ConsumerSettings, NatsSettings, RelaySettings};
