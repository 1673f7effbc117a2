//! The distributed mode's feed: the reporting read model as a [`Sink`] of a durable
//! JetStream consumer. Idempotence comes from the per-stream versions the read model
//! keeps in the same transaction as the figures (a redelivered event is a duplicate; an
//! event that overtook an earlier one of its stream is retried after it).

use async_trait::async_trait;
use berdaya_messaging::{
    Applied, EventEnvelope, HandlerError, MessagingError, ParkedMessage, Sink,
};

use crate::store::{ReadModel, ReadModelError};

/// The reporting projection as a consumer's sink.
#[derive(Debug, Clone)]
pub struct ReportingSink {
    model: ReadModel,
    name: String,
}

impl ReportingSink {
    /// A sink named `name` (the durable consumer's name) over `model`.
    pub fn new(model: ReadModel, name: &str) -> Self {
        Self {
            model,
            name: name.to_owned(),
        }
    }
}

#[async_trait]
impl Sink for ReportingSink {
    fn name(&self) -> &str {
        &self.name
    }

    async fn deliver(&self, event: &EventEnvelope) -> Result<Applied, HandlerError> {
        match self.model.apply(std::slice::from_ref(event), None).await {
            Ok(applied) if applied.duplicates > 0 => Ok(Applied::Duplicate),
            Ok(_) => Ok(Applied::Applied),
            Err(ReadModelError::Projection(e)) => Err(HandlerError::Reject(e.to_string())),
            Err(ReadModelError::Database(e)) => Err(HandlerError::from(e)),
            Err(other) => Err(HandlerError::Retry(other.to_string())),
        }
    }

    async fn park(&self, parked: &ParkedMessage) -> Result<(), MessagingError> {
        self.model
            .park(parked)
            .await
            .map_err(|e| MessagingError::Database(e.to_string()))
    }
}
