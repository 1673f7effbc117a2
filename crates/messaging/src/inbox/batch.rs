//! Applying a batch: one transaction for the whole batch, falling back to one per
//! event when the handler fails, so the failure is pinned on the event that caused it.

use std::collections::{BTreeMap, HashMap};

use berdaya_eventstore::LogCursor;
use tracing::Instrument;

use super::{
    Applied, HandlerError, Inbox, InboxDatabase, Outcome, SourcePosition, Step, VersionChange,
    step, unwinding,
};
use crate::envelope::EventEnvelope;
use crate::metrics;

/// Where a batch read from another store's log sits (local sources): the checkpoint's
/// source name and each event's cursor, so the checkpoint moves in the same
/// transaction as the events it passes.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint<'a> {
    /// The checkpoint's source name, e.g. `local:households`.
    pub source: &'a str,
    /// The cursor of each event of the batch, in the same order.
    pub cursors: &'a [LogCursor],
}

impl<'a> Checkpoint<'a> {
    fn at(self, index: usize) -> Checkpoint<'a> {
        Checkpoint {
            source: self.source,
            cursors: &self.cursors[index..=index],
        }
    }
}

impl<DB: InboxDatabase> Inbox<DB> {
    /// Applies `events` once each, in stream order; returns one outcome per event, in
    /// order. With a `checkpoint` (a local source), the checkpoint moves past the
    /// events applied, and applying stops at the first event that failed, since the
    /// checkpoint cannot pass it: the outcomes then end with that failure.
    ///
    /// The batch is one transaction. If the handler fails, it is rolled back and the
    /// events are applied one per transaction. A database that is down fails every
    /// event with [`HandlerError::Unavailable`].
    pub async fn apply_batch(
        &self,
        events: &[EventEnvelope],
        checkpoint: Option<Checkpoint<'_>>,
    ) -> Vec<Outcome> {
        if events.is_empty() {
            return Vec::new();
        }
        let span = tracing::info_span!("inbox.apply", consumer = %self.consumer,
            events = events.len());
        async {
            let outcomes = match self.attempt(events, checkpoint, None).await {
                Ok(outcomes) => outcomes,
                Err(HandlerError::Unavailable(reason)) => {
                    vec![Err(HandlerError::Unavailable(reason)); events.len()]
                }
                Err(error) => {
                    tracing::debug!(%error, "batch failed; applying its events one by one");
                    self.one_by_one(events, checkpoint).await
                }
            };
            self.count(&outcomes);
            outcomes
        }
        .instrument(span)
        .await
    }

    async fn one_by_one(
        &self,
        events: &[EventEnvelope],
        checkpoint: Option<Checkpoint<'_>>,
    ) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(events.len());
        for (index, event) in events.iter().enumerate() {
            let single = checkpoint.map(|c| c.at(index));
            let outcome = match self
                .attempt(std::slice::from_ref(event), single, None)
                .await
            {
                Ok(mut one) => one.pop().unwrap_or(Ok(Applied::Duplicate)),
                Err(error) => Err(error),
            };
            if let Err(HandlerError::Unavailable(reason)) = &outcome {
                let reason = reason.clone();
                outcomes.resize(events.len(), Err(HandlerError::Unavailable(reason)));
                return outcomes;
            }
            let failed = outcome.is_err();
            outcomes.push(outcome);
            if failed && checkpoint.is_some() {
                break;
            }
        }
        outcomes
    }

    /// One transaction over `events`; `Err` when the handler or the database failed
    /// (nothing was written then). With `unpark`, the parked message of that key is
    /// removed in the same transaction if every event was applied (a re-drive).
    pub(super) async fn attempt(
        &self,
        events: &[EventEnvelope],
        checkpoint: Option<Checkpoint<'_>>,
        unpark: Option<&str>,
    ) -> Result<Vec<Outcome>, HandlerError> {
        let mut tx = self.pool.begin().await?;
        let mut streams: Vec<&str> = events.iter().map(|e| e.stream_id.as_str()).collect();
        streams.sort_unstable();
        streams.dedup();
        let read = DB::versions(&mut tx, &self.consumer, &streams).await?;
        let mut versions = read.clone();
        let mut outcomes = Vec::with_capacity(events.len());
        let mut fresh: Vec<&EventEnvelope> = Vec::new();
        for event in events {
            let applied = versions.get(&event.stream_id).copied().unwrap_or(0);
            let outcome = match step(applied, event.version) {
                Step::Duplicate => Ok(Applied::Duplicate),
                Step::Apply => {
                    versions.insert(event.stream_id.clone(), event.version);
                    fresh.push(event);
                    Ok(Applied::Applied)
                }
                Step::Early { expected } => {
                    Err(self.early(&mut tx, event, applied, expected).await?)
                }
            };
            let failed = outcome.is_err();
            outcomes.push(outcome);
            if failed && checkpoint.is_some() {
                break;
            }
        }
        if !fresh.is_empty() {
            if let Err(error) = unwinding(self.handler.handle_batch(&mut tx, &fresh)).await {
                let _ = tx.rollback().await;
                return Err(error);
            }
            let changes = version_changes(&fresh, &read);
            if !DB::save_versions(&mut tx, &self.consumer, &changes).await? {
                let _ = tx.rollback().await;
                return Err(HandlerError::Retry(
                    "another consumer applied some of these events meanwhile".to_owned(),
                ));
            }
            DB::save_positions(&mut tx, &self.consumer, &positions(&fresh)).await?;
        }
        if let Some(checkpoint) = checkpoint {
            let passed = outcomes.iter().take_while(|o| o.is_ok()).count();
            if let Some(cursor) = passed.checked_sub(1).map(|last| checkpoint.cursors[last]) {
                DB::save_checkpoint(&mut tx, &self.consumer, checkpoint.source, cursor).await?;
            }
        }
        if let Some(key) = unpark
            && outcomes.iter().all(|o| o == &Ok(Applied::Applied))
        {
            DB::unpark(&mut tx, &self.consumer, key).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Why an early event cannot be applied yet: its predecessor is on its way
    /// ([`HandlerError::Early`]), or parked, in which case it cannot be applied in
    /// order either and is rejected (parked) with that reason.
    async fn early(
        &self,
        conn: &mut DB::Connection,
        event: &EventEnvelope,
        applied: i64,
        expected: i64,
    ) -> Result<HandlerError, HandlerError> {
        let parked = DB::parked_between(
            conn,
            &self.consumer,
            &event.stream_id,
            applied,
            event.version,
        )
        .await?;
        Ok(match parked {
            Some(version) => HandlerError::Reject(format!(
                "{} v{} waits for v{version}, which is parked; re-drive that first",
                event.stream_id, event.version
            )),
            None => HandlerError::Early {
                stream_id: event.stream_id.clone(),
                version: event.version,
                expected,
            },
        })
    }

    fn count(&self, outcomes: &[Outcome]) {
        let applied = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(Applied::Applied)))
            .count();
        let duplicates = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(Applied::Duplicate)))
            .count();
        let label = [self.consumer.as_str()];
        metrics::CONSUMER_APPLIED
            .with_label_values(&label)
            .inc_by(applied as u64);
        metrics::CONSUMER_DUPLICATES
            .with_label_values(&label)
            .inc_by(duplicates as u64);
    }
}

/// Each stream of `fresh` from the version `read` to the last one applied, sorted by
/// stream (so concurrent batches write their rows in the same order).
fn version_changes<'e>(
    fresh: &[&'e EventEnvelope],
    read: &HashMap<String, i64>,
) -> Vec<VersionChange<'e>> {
    let mut last: BTreeMap<&str, i64> = BTreeMap::new();
    for event in fresh {
        last.insert(&event.stream_id, event.version);
    }
    last.into_iter()
        .map(|(stream_id, applied)| VersionChange {
            stream_id,
            expected: read.get(stream_id).copied().unwrap_or(0),
            applied,
        })
        .collect()
}

/// Per source context, the highest position and the latest recording time of `fresh`.
fn positions(fresh: &[&EventEnvelope]) -> Vec<SourcePosition> {
    let now = chrono::Utc::now();
    let mut by_source: HashMap<&str, SourcePosition> = HashMap::new();
    for event in fresh {
        let entry = by_source
            .entry(&event.context)
            .or_insert_with(|| SourcePosition {
                source: event.context.clone(),
                position: event.position,
                recorded_at: event.recorded_at,
                applied_at: now,
            });
        entry.position = entry.position.max(event.position);
        entry.recorded_at = entry.recorded_at.max(event.recorded_at);
    }
    let mut positions: Vec<SourcePosition> = by_source.into_values().collect();
    positions.sort_by(|a, b| a.source.cmp(&b.source));
    positions
}
