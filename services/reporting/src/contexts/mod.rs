//! One module per bounded context: each turns its context's events into indicator facts.
//! A new context (partnerships, advocacy, capacity, ...) adds a module here and an entry
//! in [`all`]; nothing else changes.

pub mod advocacy;
pub mod capacity;
mod common;
pub mod enterprise;
pub mod households;
pub mod participation;
pub mod partnerships;
pub mod savings;

use berdaya_messaging::EventEnvelope;

use crate::catalog::Indicator;
use crate::facts::Output;

/// Why an event could not be projected.
#[derive(Debug, thiserror::Error)]
#[error("cannot project {event_type} at {stream_id} v{version}: {reason}")]
pub struct ProjectionError {
    /// Event type.
    pub event_type: String,
    /// Stream.
    pub stream_id: String,
    /// Version.
    pub version: i64,
    /// Why.
    pub reason: String,
}

impl ProjectionError {
    /// An error about `event`.
    pub fn new(event: &EventEnvelope, reason: impl Into<String>) -> Self {
        Self {
            event_type: event.event_type.clone(),
            stream_id: event.stream_id.clone(),
            version: event.version,
            reason: reason.into(),
        }
    }
}

/// Turns one context's events into facts. Pure: the same state and event always give
/// the same new state and output, which is what makes a rebuild byte-identical.
pub trait ContextProjection: Send + Sync + 'static {
    /// True for the events this module projects (decided by stream category, since one
    /// proto package may hold several aggregates).
    fn handles(&self, event: &EventEnvelope) -> bool;

    /// The indicators it produces.
    fn indicators(&self) -> &'static [Indicator];

    /// Projects `event` given the stream's state so far (JSON written by this module, or
    /// `None` for the stream's first event). Returns the new state and the output.
    ///
    /// # Errors
    /// [`ProjectionError`] when the payload does not decode.
    fn project(
        &self,
        state: Option<&str>,
        event: &EventEnvelope,
    ) -> Result<(Option<String>, Output), ProjectionError>;
}

/// Every context module.
pub fn all() -> &'static [&'static dyn ContextProjection] {
    static ALL: [&dyn ContextProjection; 7] = [
        &households::Households,
        &participation::Participation,
        &savings::Savings,
        &enterprise::Enterprise,
        &partnerships::Partnerships,
        &advocacy::Advocacy,
        &capacity::Capacity,
    ];
    &ALL
}

/// The module for an event, if any (events no module knows are skipped).
pub fn for_event(event: &EventEnvelope) -> Option<&'static dyn ContextProjection> {
    all().iter().copied().find(|c| c.handles(event))
}
