//! Reports as they stood at a past moment, for auditors: every log replayed, up to
//! the moment, into a throw-away in-memory read model. The live figures are not touched,
//! and since the projection is a pure function of the events, the result is what the
//! live projection showed at that moment (for events committed by then).

use berdaya_eventstore::LogCursor;
use berdaya_messaging::EventEnvelope;
use chrono::{DateTime, Utc};

use crate::follow::{BATCH, Source};
use crate::store::{ReadModel, ReadModelError};

/// The read model as it stood at `at`: only events recorded at or before it count.
///
/// # Errors
/// [`ReadModelError`] when a log cannot be read or an event not projected.
pub async fn as_of(sources: &[Source], at: DateTime<Utc>) -> Result<ReadModel, ReadModelError> {
    let model = ReadModel::open("sqlite::memory:").await?;
    for source in sources {
        let mut after = LogCursor::START;
        loop {
            let batch = source
                .store
                .read_all(after, i64::try_from(BATCH).unwrap_or(500))
                .await
                .map_err(|e| ReadModelError::Source(e.to_string()))?;
            let Some(last) = batch.last() else {
                break;
            };
            after = last.cursor;
            let until: Vec<EventEnvelope> = batch
                .iter()
                .filter(|e| e.recorded_at <= at)
                .map(|e| EventEnvelope::from_recorded(&source.name, e))
                .collect();
            let outcomes = model.inbox().apply_batch(&until, None).await;
            if let Some((event, Err(error))) = until
                .iter()
                .zip(outcomes)
                .find(|(_, outcome)| outcome.is_err())
            {
                return Err(ReadModelError::Apply {
                    event: format!("{} v{}", event.stream_id, event.version),
                    reason: error.to_string(),
                });
            }
        }
    }
    Ok(model)
}
