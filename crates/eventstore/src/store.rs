//! The one interface both storage engines implement.

use async_trait::async_trait;
use uuid::Uuid;

use crate::error::StoreError;
use crate::model::{
    AppendBatch, AppendResult, ChainReport, IdempotencyRecord, IndexHit, LogCursor, RecordedEvent,
    StreamInfo, SubjectKeyState, UniqueKey,
};

/// An append-only event log with a stream index, idempotency records, unique claims and
/// per-subject keys, all written in one transaction per [`AppendBatch`].
#[async_trait]
pub trait EventStore: Send + Sync + std::fmt::Debug + 'static {
    /// Appends a batch atomically.
    ///
    /// Checks, in the same transaction: the expected version (a conflict writes nothing:
    /// [`StoreError::VersionConflict`]), the idempotency key (already used:
    /// [`StoreError::IdempotencyKeyUsed`] with the stored record), and every claim (held by
    /// another stream: [`StoreError::UniqueTaken`]). Computes each event's hash over its
    /// content and the previous hash of the stream.
    ///
    /// # Errors
    /// As above; [`StoreError::Unavailable`] when the database cannot be reached.
    async fn append(&self, batch: AppendBatch) -> Result<AppendResult, StoreError>;

    /// Reads a stream's events with `version > after_version`, in version order, at most
    /// `limit` of them (all when `None`).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn read_stream(
        &self,
        stream_id: &str,
        after_version: i64,
        limit: Option<i64>,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// Reads the global log after `after`, in commit-safe order, at most `limit` events.
    ///
    /// Never returns an event while an earlier-ordered one may still commit: a reader that
    /// resumes from the cursor of the last event it got never skips one.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn read_all(
        &self,
        after: LogCursor,
        limit: i64,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// The idempotency record of `(actor, key)`, if the key was used.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn idempotency_record(
        &self,
        actor: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError>;

    /// The stream that holds a unique value, if any.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn unique_owner(&self, key: &UniqueKey) -> Result<Option<String>, StoreError>;

    /// Streams of `category` whose region starts with `region_prefix`, ordered by stream
    /// id, after `after_stream_id`, at most `limit`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn list_streams(
        &self,
        category: &str,
        region_prefix: &str,
        after_stream_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<StreamInfo>, StoreError>;

    /// The stream's index entry, if it exists.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn stream_info(&self, stream_id: &str) -> Result<Option<StreamInfo>, StoreError>;

    /// Streams filed in the secondary index `index` (see [`AppendBatch::index_entries`])
    /// under keys from `from_key` to `to_key` inclusive, compared bytewise, ordered by
    /// (key, stream id), after `after`, at most `limit`. A stream appears once per key.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn find_streams(
        &self,
        index: &str,
        from_key: &str,
        to_key: &str,
        after: Option<&IndexHit>,
        limit: i64,
    ) -> Result<Vec<IndexHit>, StoreError>;

    /// The wrapped keys of the given subjects.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn subject_keys(
        &self,
        subjects: &[Uuid],
    ) -> Result<Vec<(Uuid, SubjectKeyState)>, StoreError>;

    /// Recomputes a stream's hash chain from the stored bytes and compares it with the
    /// stored hashes and the stream index head.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn verify_stream(&self, stream_id: &str) -> Result<ChainReport, StoreError>;

    /// How many events the log holds (committed ones, as a reader sees them now), so
    /// that a replay can show its progress against a total.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn event_count(&self) -> Result<i64, StoreError>;

    /// The cursor a named follower of the log (a relay) last recorded with
    /// [`EventStore::save_relay_checkpoint`]; [`LogCursor::START`] when it has none.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn relay_checkpoint(&self, name: &str) -> Result<LogCursor, StoreError>;

    /// Records that the follower `name` has handled every event up to `cursor`.
    ///
    /// A checkpoint only moves forward: saving a cursor at or behind the stored one
    /// changes nothing, so a relay that lost its leadership but is still finishing a batch
    /// cannot rewind the one that took over.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Internal`].
    async fn save_relay_checkpoint(&self, name: &str, cursor: LogCursor) -> Result<(), StoreError>;
}
