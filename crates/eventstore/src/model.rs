//! The records the store reads and writes.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Who did it, on whose behalf, and within which trace: recorded on every event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventMetadata {
    /// The authenticated subject (JWT `sub`) that issued the command.
    pub actor: String,
    /// The role the actor acted in (`caseworker`, `supervisor`, ...).
    pub role: String,
    /// The Kemendagri region code the event concerns (usually a village, `33.73.04.1001`).
    pub region: String,
    /// Groups every event caused by one business request, across services.
    pub correlation_id: String,
    /// The id of the message (command or event) that caused this one.
    pub causation_id: String,
    /// The caller's idempotency key for the command that produced the event.
    pub idempotency_key: String,
    /// W3C `traceparent` of the command's span, so a trace can be followed into the log.
    pub traceparent: String,
}

/// An event to append: already encoded (protobuf bytes) by the service's codec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// Unique id of the event (UUIDv7: time ordered).
    pub event_id: Uuid,
    /// Full protobuf message name, e.g. `berdaya.households.v1.HouseholdRegistered`.
    pub event_type: String,
    /// Version of the payload schema, for upcasting on read.
    pub schema_version: i32,
    /// The protobuf-encoded payload, personal data already sealed.
    pub payload: Vec<u8>,
}

/// An event as it stands in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Where the event stands in the store's global log.
    pub cursor: LogCursor,
    /// The aggregate stream, e.g. `household-0190c...`.
    pub stream_id: String,
    /// The stream's category (aggregate type), e.g. `household`, as appended (for rows
    /// written before the store kept it, derived from the stream id). Not hashed.
    pub category: String,
    /// 1, 2, 3, ... within the stream.
    pub version: i64,
    /// Unique id of the event.
    pub event_id: Uuid,
    /// Full protobuf message name.
    pub event_type: String,
    /// Version of the payload schema.
    pub schema_version: i32,
    /// The stored payload bytes, exactly as hashed.
    pub payload: Vec<u8>,
    /// Who, why and within which trace.
    pub metadata: EventMetadata,
    /// When the store committed it (microsecond precision).
    pub recorded_at: DateTime<Utc>,
    /// Hash of the previous event in the same stream (32 zero bytes for version 1).
    pub prev_hash: [u8; 32],
    /// SHA-256 over this event's content and `prev_hash` (see [`crate::hash`]).
    pub hash: [u8; 32],
}

/// A position in the global log that a reader resumes after.
///
/// In PostgreSQL the log is ordered by (transaction id, position) so that a reader never
/// passes over an event committed late by a slower concurrent transaction; in SQLite
/// writers are serial, `xid` is always 0 and the position alone orders the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogCursor {
    /// The writing transaction's id (PostgreSQL `xid8`), 0 in SQLite.
    pub xid: i64,
    /// The row's global position (a sequence, unique, not necessarily commit-ordered).
    pub position: i64,
}

impl LogCursor {
    /// The cursor before the first event.
    pub const START: LogCursor = LogCursor {
        xid: 0,
        position: 0,
    };
}

/// What the writer believes the stream's current version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// Append whatever the current version is.
    Any,
    /// The stream must not exist yet (a new aggregate).
    NoStream,
    /// The stream's last version must be exactly this.
    Exact(i64),
}

/// A command's idempotency key and the fingerprint of its request, written with its
/// events so that a retry is recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    /// The authenticated subject; keys are scoped per caller.
    pub actor: String,
    /// The caller's key.
    pub key: String,
    /// The RPC the key was used with, e.g. `berdaya.households.v1.HouseholdsService/RegisterHousehold`.
    pub operation: String,
    /// SHA-256 of the request (without volatile fields), to tell a retry from a reuse.
    pub request_hash: [u8; 32],
}

/// An idempotency record as stored: the key, and where the events of the command it
/// answered stand in their stream.
///
/// The answer itself is never stored: it may carry personal data (a household's members,
/// names, NIKs), which must stay erasable. A retry's answer is rebuilt from the events
/// `first_version..=last_version`, so personal data erased since reads as erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    /// The key and request fingerprint.
    pub command: IdempotencyKey,
    /// The stream the command wrote to.
    pub stream_id: String,
    /// The stream version of the command's first event.
    pub first_version: i64,
    /// The stream version of its last event (the stream's version once it committed).
    pub last_version: i64,
}

/// A value that must be unique across streams, e.g. a NIK's blind index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UniqueKey {
    /// The namespace, e.g. `nik`.
    pub scope: String,
    /// The value (never plaintext personal data: use a blind index).
    pub key: String,
}

/// Where a stream can be found in a secondary index: under `key` in the index named
/// `index` (e.g. index `activity-region`, key `35.78/2026-03-05`).
///
/// Keys are compared bytewise (never by a locale's collation), so a service can lay out
/// keys for range queries: `<prefix>/<YYYY-MM-DD>` finds a prefix's streams by date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexEntry {
    /// The index, e.g. `activity-region`.
    pub index: String,
    /// The key the stream is found under.
    pub key: String,
}

/// A stream found in a secondary index, and the key it was found under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexHit {
    /// The key.
    pub key: String,
    /// The stream.
    pub stream_id: String,
}

/// A per-subject data key, wrapped (encrypted) with the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedSubjectKey {
    /// The data subject (a person or a household).
    pub subject_id: Uuid,
    /// Nonce followed by ciphertext of the 32-byte data key.
    pub wrapped: Vec<u8>,
}

/// The state of a data subject's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectKeyState {
    /// No key was ever stored for this subject.
    Unknown,
    /// The wrapped key.
    Present(Vec<u8>),
    /// The key was destroyed: the subject's personal data is unreadable for good.
    Erased,
}

/// Everything one command writes, atomically: all of it or none of it.
#[derive(Debug, Clone)]
pub struct AppendBatch {
    /// The aggregate stream.
    pub stream_id: String,
    /// The stream's category (aggregate type), e.g. `household`, for listing.
    pub category: String,
    /// The optimistic-concurrency guard.
    pub expected_version: ExpectedVersion,
    /// The events, in order. May be empty only when nothing else is written either.
    pub events: Vec<NewEvent>,
    /// Metadata recorded on every event of the batch. `region` also becomes the
    /// stream's listed region.
    pub metadata: EventMetadata,
    /// Recorded with the events (and the versions they take) so that a retry is
    /// answered from them instead of running again.
    pub idempotency: Option<IdempotencyKey>,
    /// Unique values this stream takes (owner = `stream_id`).
    pub claims: Vec<UniqueKey>,
    /// Unique values this stream gives up.
    pub releases: Vec<UniqueKey>,
    /// Keys for data subjects first seen in this batch.
    pub new_subject_keys: Vec<WrappedSubjectKey>,
    /// Subjects whose keys are destroyed by this batch (crypto-shredding).
    pub erase_subjects: Vec<Uuid>,
    /// The stream's entries in secondary indexes. `Some` replaces every entry the stream
    /// had (in every index) with these; `None` leaves them as they are.
    pub index_entries: Option<Vec<IndexEntry>>,
}

impl AppendBatch {
    /// A batch with just events; add the rest with struct update syntax.
    pub fn new(
        stream_id: impl Into<String>,
        category: impl Into<String>,
        expected_version: ExpectedVersion,
        events: Vec<NewEvent>,
        metadata: EventMetadata,
    ) -> Self {
        Self {
            stream_id: stream_id.into(),
            category: category.into(),
            expected_version,
            events,
            metadata,
            idempotency: None,
            claims: Vec::new(),
            releases: Vec::new(),
            new_subject_keys: Vec::new(),
            erase_subjects: Vec::new(),
            index_entries: None,
        }
    }
}

/// What an append committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendResult {
    /// The stream's version after the append.
    pub version: i64,
    /// The events as stored, with cursors and hashes.
    pub events: Vec<RecordedEvent>,
}

/// One stream in the stream index, for listing aggregates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInfo {
    /// The stream id.
    pub stream_id: String,
    /// Aggregate type.
    pub category: String,
    /// The region of the last append.
    pub region: String,
    /// The last version.
    pub version: i64,
    /// The hash of the last event.
    pub head_hash: [u8; 32],
    /// When it was last appended to.
    pub updated_at: DateTime<Utc>,
}

/// The result of checking one stream's hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// The stream checked.
    pub stream_id: String,
    /// How many events were checked.
    pub events: i64,
    /// The first version whose stored hash does not match, or whose version breaks the
    /// 1, 2, 3, ... sequence, if any.
    pub first_broken_version: Option<i64>,
    /// The recomputed head hash.
    pub head_hash: [u8; 32],
}

impl ChainReport {
    /// True when every hash matched and no version is missing.
    pub fn is_intact(&self) -> bool {
        self.first_broken_version.is_none()
    }
}
