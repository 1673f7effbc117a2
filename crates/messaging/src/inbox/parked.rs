//! Parked messages: what was set aside and why, and re-driving them once the cause is
//! fixed (a corrected handler, a restored predecessor).

use async_nats::HeaderMap;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Applied, HandlerError, Inbox, InboxDatabase, Parking};
use crate::envelope::EventEnvelope;
use crate::error::MessagingError;

/// Most parked messages one re-drive goes through.
const REDRIVE_LIMIT: i64 = 100_000;

/// A message that will not be applied, kept with the reason for people to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedMessage {
    /// The event id, or `nats-seq-<n>` for a message that is not a Berdaya event.
    pub key: String,
    /// The subject it came on (`local:<context>` from a local source).
    pub subject: String,
    /// The event id, when the message had one.
    pub event_id: Option<Uuid>,
    /// The event type (empty when unknown).
    pub event_type: String,
    /// The aggregate stream (empty when unknown).
    pub stream_id: String,
    /// The stream version, when known.
    pub version: Option<i64>,
    /// How many times it was delivered.
    pub deliveries: i64,
    /// Why it was parked: the handler's last error.
    pub reason: String,
    /// The message headers as a JSON object.
    pub headers: String,
    /// The payload as received.
    pub payload: Vec<u8>,
    /// When it was (last) parked.
    pub parked_at: DateTime<Utc>,
}

impl ParkedMessage {
    /// A parked record for an event that failed `deliveries` times with `reason`.
    pub fn for_event(event: &EventEnvelope, subject: &str, deliveries: i64, reason: &str) -> Self {
        let headers: serde_json::Map<String, serde_json::Value> = event
            .to_headers()
            .iter()
            .map(|(name, values)| {
                let value = values.first().map(|v| v.as_str()).unwrap_or_default();
                (name.to_string(), serde_json::Value::from(value))
            })
            .collect();
        Self {
            key: event.event_id.to_string(),
            subject: subject.to_owned(),
            event_id: Some(event.event_id),
            event_type: event.event_type.clone(),
            stream_id: event.stream_id.clone(),
            version: Some(event.version),
            deliveries,
            reason: reason.to_owned(),
            headers: serde_json::Value::Object(headers).to_string(),
            payload: event.payload.clone(),
            parked_at: Utc::now(),
        }
    }

    /// The event back from the kept headers and payload.
    ///
    /// # Errors
    /// A description, when the message was not a Berdaya event.
    pub fn envelope(&self) -> Result<EventEnvelope, String> {
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&self.headers).map_err(|e| format!("headers: {e}"))?;
        let mut headers = HeaderMap::new();
        for (name, value) in object {
            if let Some(value) = value.as_str() {
                headers.insert(name.as_str(), value);
            }
        }
        EventEnvelope::from_message(Some(&headers), &self.payload).map_err(|e| e.to_string())
    }
}

/// What a re-drive did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redriven {
    /// Messages applied (or found applied already) and removed from the parked ones.
    pub applied: usize,
    /// Messages still parked, with the reason they failed again.
    pub still_parked: Vec<(String, String)>,
}

impl<DB: InboxDatabase> Inbox<DB> {
    /// Applies the parked messages again, stream by stream in version order (so a
    /// parked event and the later ones parked behind it go through together); only
    /// those whose key is in `keys`, when given. Each one that applies leaves the
    /// parked messages in the same transaction; one that fails again stays, with its
    /// new reason. One whose stream moved past it ([`Parking::MovePast`]) stays as it
    /// is: applying it now would be out of order, and only a rebuild can.
    ///
    /// # Errors
    /// [`MessagingError::Database`] when the database is down (what was re-driven
    /// before stays re-driven).
    pub async fn redrive(&self, keys: Option<&[String]>) -> Result<Redriven, MessagingError> {
        let mut parked = DB::parked(&self.pool, &self.consumer, REDRIVE_LIMIT).await?;
        parked.retain(|p| keys.is_none_or(|keys| keys.contains(&p.key)));
        parked.sort_by(|a, b| {
            (&a.stream_id, a.version, &a.key).cmp(&(&b.stream_id, b.version, &b.key))
        });
        let mut report = Redriven::default();
        for message in parked {
            match self.redrive_one(&message).await {
                Ok(Applied::Applied) => report.applied += 1,
                // Its stream moved past it (it could never apply): applying it now would
                // be out of order. It stays parked for a rebuild.
                Ok(Applied::Duplicate) => report.still_parked.push((
                    message.key.clone(),
                    format!(
                        "{} (its stream has moved past it: a rebuild applies it once it can)",
                        message.reason
                    ),
                )),
                Err(HandlerError::Unavailable(reason)) => {
                    self.refresh_parked_gauge().await.ok();
                    return Err(MessagingError::Database(reason));
                }
                Err(error) => {
                    let reason = error.to_string();
                    let again = ParkedMessage {
                        deliveries: message.deliveries + 1,
                        reason: reason.clone(),
                        parked_at: Utc::now(),
                        ..message.clone()
                    };
                    // Parked again, not anew: no warning, no count.
                    let mut tx = self.pool.begin().await?;
                    DB::park(&mut tx, &self.consumer, &again).await?;
                    if let (Parking::MovePast, Some(version)) =
                        (Parking::for_error(&error), again.version)
                    {
                        self.move_past(&mut tx, &again.stream_id, version).await?;
                    }
                    tx.commit().await?;
                    report.still_parked.push((message.key, reason));
                }
            }
        }
        tracing::info!(consumer = %self.consumer, applied = report.applied,
            still_parked = report.still_parked.len(), "parked messages re-driven");
        self.refresh_parked_gauge().await?;
        Ok(report)
    }

    /// Applies one parked message again; it leaves the parked ones in the same
    /// transaction when it applies. A duplicate stays parked (see [`Inbox::redrive`]).
    async fn redrive_one(&self, message: &ParkedMessage) -> Result<Applied, HandlerError> {
        let event = message
            .envelope()
            .map_err(|e| HandlerError::Reject(format!("cannot be re-driven: {e}")))?;
        let outcomes = self
            .attempt(std::slice::from_ref(&event), None, Some(&message.key))
            .await?;
        let outcome = outcomes
            .into_iter()
            .next()
            .unwrap_or(Err(HandlerError::Reject("nothing to re-drive".into())))?;
        if outcome == Applied::Applied {
            crate::metrics::CONSUMER_APPLIED
                .with_label_values(&[&self.consumer])
                .inc();
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use berdaya_eventstore::EventMetadata;

    use super::*;

    #[test]
    fn a_parked_event_comes_back_whole_and_a_foreign_message_does_not() {
        let event = EventEnvelope {
            context: "households".into(),
            event_id: Uuid::now_v7(),
            event_type: "berdaya.households.v1.DecileUpdated".into(),
            schema_version: 1,
            stream_id: "household-1".into(),
            category: "household".into(),
            version: 2,
            recorded_at: DateTime::from_timestamp_micros(1_760_000_000_123_456).unwrap(),
            position: 42,
            metadata: EventMetadata {
                actor: "ani".into(),
                region: "35.78.01.1001".into(),
                ..EventMetadata::default()
            },
            payload: vec![1, 2, 3],
        };
        let parked = ParkedMessage::for_event(&event, "t.households.DecileUpdated", 5, "why");
        assert_eq!(parked.envelope().unwrap(), event);

        let foreign = ParkedMessage {
            key: "nats-seq-9".into(),
            headers: "{}".into(),
            event_id: None,
            ..parked
        };
        assert!(foreign.envelope().unwrap_err().contains("Berdaya-Event-Id"));
    }
}
