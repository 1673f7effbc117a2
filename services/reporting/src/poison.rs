//! Events the projection can never apply (a payload that does not decode, a figure that
//! does not fit: see [`crate::contexts::ProjectionError`]) when the projection follows
//! the logs itself (`berdaya up` and `berdaya reporting rebuild`).
//!
//! Such an event is parked in `report_parked` with the reason, and its stream moves past
//! it with its state unchanged, in one transaction with the source's checkpoint: the
//! event adds nothing to any figure, the stream's later events still count, and the
//! projection (or a rebuild) carries on instead of stopping every region's figures at
//! the bad event. The projection stays a pure function of the log, so a rebuild gives
//! the same figures. (Over NATS the consumer parks a rejected event itself; see
//! [`crate::sink`].)

use berdaya_messaging::{EventEnvelope, ParkedMessage};
use sqlx::Row;

use crate::store::{
    ReadModel, ReadModelError, SourceBatch, insert_parked, save_checkpoint, save_entity,
    stored_checkpoint,
};

impl ReadModel {
    /// Parks `event` for `reason` and moves its stream and `source` past it.
    ///
    /// # Errors
    /// [`ReadModelError::Stale`] when the source's checkpoint moved meanwhile; database
    /// failures. Nothing is written then.
    pub async fn pass_poisoned(
        &self,
        event: &EventEnvelope,
        reason: &str,
        source: &SourceBatch<'_>,
    ) -> Result<(), ReadModelError> {
        let t = self.tables();
        let mut tx = self.pool().begin().await?;
        if stored_checkpoint(&mut tx, t, source.name).await? != source.after {
            return Err(ReadModelError::Stale(source.name.to_owned()));
        }
        let row = sqlx::query(&format!(
            "SELECT version, state FROM {} WHERE stream_id = $1",
            t.name("entities")
        ))
        .bind(&event.stream_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (version, state) = match row {
            Some(row) => (
                row.try_get::<i64, _>(0)?,
                row.try_get::<Option<String>, _>(1)?,
            ),
            None => (0, None),
        };
        // Only the stream's next event moves it; a redelivered one leaves it alone.
        if event.version == version + 1 {
            save_entity(
                &mut tx,
                t,
                &event.stream_id,
                event.version,
                state.as_deref(),
            )
            .await?;
        }
        let subject = format!("local:{}", event.context);
        let parked = ParkedMessage::for_event(event, &subject, 1, reason);
        insert_parked(&mut tx, &parked).await?;
        save_checkpoint(&mut tx, t, source).await?;
        tx.commit().await?;
        tracing::warn!(
            event_id = %event.event_id, event_type = %event.event_type,
            stream_id = %event.stream_id, version = event.version, %reason,
            "reporting parked an event it cannot apply"
        );
        Ok(())
    }
}
