//! How every service runs a command against an event-sourced aggregate, in one place:
//! idempotency, loading (cached, caught up from the stream's tail), deciding, sealing
//! personal data, appending with the version guard, and retrying races.
//!
//! Loading cost does not grow with history: a cached aggregate is caught up by reading
//! only the events after its cached version, so a savings account with thousands of
//! events costs one short read per command, not a replay.
//!
//! Commands on one aggregate run one at a time within a process (a lock per stream), so
//! a burst of concurrent commands on one account queues instead of burning its retries
//! on version conflicts; the version guard still arbitrates between processes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use berdaya_domain::{Aggregate, DomainError};
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{
    AppendBatch, EventMetadata, EventStore, ExpectedVersion, IdempotencyRecord, IndexEntry,
    NewEvent, RecordedEvent, StoreError, UniqueKey,
};
use uuid::Uuid;

use crate::keyring::KeyRing;

/// How many aggregates a service keeps in memory before it starts over.
const CACHE_CAPACITY: usize = 20_000;
/// How often a command is retried when a concurrent command on the same aggregate won.
const MAX_ATTEMPTS: usize = 8;
/// How many per-stream command locks may exist before idle ones are dropped.
const LOCKS_SWEEP_AT: usize = 1_024;

/// One event encoded for storage.
#[derive(Debug, Clone)]
pub struct EncodedEvent {
    /// Full protobuf message name.
    pub event_type: String,
    /// Payload schema version.
    pub schema_version: i32,
    /// Protobuf bytes, personal data sealed.
    pub payload: Vec<u8>,
}

/// Why an event could not be encoded or decoded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CodecError {
    /// The stored bytes are not a valid event (a bug or a corrupted store).
    #[error("cannot decode {event_type} at {stream_id} v{version}: {reason}")]
    Corrupt {
        /// Event type.
        event_type: String,
        /// Stream.
        stream_id: String,
        /// Version.
        version: i64,
        /// Why.
        reason: String,
    },
    /// Personal data was to be sealed for a subject whose key was destroyed.
    #[error("{field}: the personal data of this subject was erased and cannot be recorded again")]
    SubjectErased {
        /// The request field that carries the data.
        field: String,
    },
}

/// Translates a service's domain events to and from stored bytes.
pub trait EventCodec: Send + Sync + 'static {
    /// The domain event type.
    type Event;

    /// The subjects whose keys are needed to decode a stored event.
    ///
    /// # Errors
    /// [`CodecError::Corrupt`] when the payload does not decode.
    fn sealed_subjects(&self, recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError>;

    /// Decodes a stored event; personal data whose key is erased reads as erased.
    ///
    /// # Errors
    /// [`CodecError::Corrupt`] when the payload does not decode.
    fn decode(&self, recorded: &RecordedEvent, keys: &KeyRing) -> Result<Self::Event, CodecError>;

    /// The subjects whose data an event carries in plain form (to be sealed).
    fn subjects_to_seal(&self, event: &Self::Event) -> Vec<Uuid>;

    /// The subjects whose keys an event destroys.
    fn erased_subjects(&self, _event: &Self::Event) -> Vec<Uuid> {
        Vec::new()
    }

    /// Encodes an event, sealing personal data with the subjects' keys (a subject never
    /// seen before gets a new key).
    ///
    /// # Errors
    /// [`CodecError::SubjectErased`] when data would be sealed for an erased subject.
    fn encode(
        &self,
        event: &Self::Event,
        keys: &mut KeyRing,
        vault: &Vault,
    ) -> Result<EncodedEvent, CodecError>;
}

/// An aggregate as loaded: its state, version and keys.
#[derive(Debug, Clone)]
pub struct Loaded<A> {
    /// The state after every event.
    pub state: A,
    /// The stream version (0 when the stream does not exist).
    pub version: i64,
    /// The data keys of its subjects.
    pub keys: KeyRing,
}

impl<A: Default> Default for Loaded<A> {
    fn default() -> Self {
        Self {
            state: A::default(),
            version: 0,
            keys: KeyRing::default(),
        }
    }
}

/// The caller's idempotency key and the fingerprint of its request.
pub use berdaya_eventstore::IdempotencyKey as Idempotency;

/// Writes that follow from a decision, besides the events.
#[derive(Debug, Clone, Default)]
pub struct SideEffects {
    /// Unique values to claim, each with the request field that carries it.
    pub claims: Vec<(UniqueKey, String)>,
    /// Unique values to release.
    pub releases: Vec<UniqueKey>,
    /// Subjects whose keys to destroy.
    pub erase_subjects: Vec<Uuid>,
    /// The region to record on the events and list the stream under, when it is not the
    /// one in the metadata (e.g. a household that moved).
    pub region: Option<String>,
    /// The stream's secondary index entries: `Some` replaces them all, `None` keeps them
    /// (see [`AppendBatch::index_entries`]).
    pub index: Option<Vec<IndexEntry>>,
}

/// Derives claims, releases and erasures from (state before, events, state after).
pub type SideEffectsFn<'a, A> =
    &'a (dyn Fn(&A, &[<A as Aggregate>::Event], &A) -> SideEffects + Send + Sync);
/// Builds the encoded response from (state after, version, event ids).
pub type RespondFn<'a, A> = &'a (dyn Fn(&A, i64, &[Uuid]) -> Vec<u8> + Send + Sync);

/// Everything needed to run one command.
#[allow(missing_debug_implementations)]
pub struct CommandRequest<'a, A: Aggregate> {
    /// The aggregate's stream.
    pub stream_id: String,
    /// The aggregate as the caller already loaded it (to authorise), saving a read on
    /// the first attempt; `None` loads it here.
    pub preloaded: Option<Loaded<A>>,
    /// The command.
    pub command: A::Command,
    /// The caller's optimistic-concurrency guard.
    pub expected_version: Option<i64>,
    /// Who and why.
    pub metadata: EventMetadata,
    /// The idempotency key.
    pub idempotency: Idempotency,
    /// Derives claims, releases and erasures from (state before, events, state after).
    pub side_effects: SideEffectsFn<'a, A>,
    /// Builds the encoded response from (state after, version, event ids).
    pub respond: RespondFn<'a, A>,
}

/// Why a command failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A rule refused it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The store failed or the version guard tripped.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The idempotency key was used before for a different request.
    #[error("idempotency key {key:?} was already used for a different request ({operation})")]
    IdempotencyKeyReused {
        /// The key.
        key: String,
        /// The operation it was first used with.
        operation: String,
    },
    /// A stored event could not be decoded.
    #[error(transparent)]
    Codec(#[from] CodecError),
}

/// Loads, decides and appends aggregates of one type.
#[allow(missing_debug_implementations)]
pub struct AggregateStore<A: Aggregate, C: EventCodec<Event = A::Event>> {
    store: Arc<dyn EventStore>,
    vault: Arc<Vault>,
    codec: C,
    category: &'static str,
    rules: A::Rules,
    cache: Mutex<HashMap<String, Loaded<A>>>,
    locks: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

impl<A: Aggregate, C: EventCodec<Event = A::Event>> AggregateStore<A, C> {
    /// An aggregate store over `store` for streams of `category`, deciding under the
    /// default rules (see [`AggregateStore::with_rules`]).
    pub fn new(
        store: Arc<dyn EventStore>,
        vault: Arc<Vault>,
        codec: C,
        category: &'static str,
    ) -> Self {
        Self {
            store,
            vault,
            codec,
            category,
            rules: A::Rules::default(),
            cache: Mutex::new(HashMap::new()),
            locks: Mutex::new(HashMap::new()),
        }
    }

    /// The same store deciding under the deployment's configured `rules`.
    #[must_use]
    pub fn with_rules(mut self, rules: A::Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The underlying event store.
    pub fn events(&self) -> &Arc<dyn EventStore> {
        &self.store
    }

    /// The personal-data vault.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// The codec.
    pub fn codec(&self) -> &C {
        &self.codec
    }

    /// Loads an aggregate: the cached state caught up with the stream's newer events.
    ///
    /// # Errors
    /// A store or codec error.
    pub async fn load(&self, stream_id: &str) -> Result<Loaded<A>, CommandError> {
        let cached = self.cache_get(stream_id);
        let mut loaded = cached.unwrap_or_default();
        let tail = self
            .store
            .read_stream(stream_id, loaded.version, None)
            .await?;
        if tail.is_empty() {
            return Ok(loaded);
        }
        self.fold(&mut loaded, &tail).await?;
        self.cache_put(stream_id, loaded.clone());
        Ok(loaded)
    }

    /// Folds recorded events into a loaded aggregate, fetching the keys they need.
    async fn fold(
        &self,
        loaded: &mut Loaded<A>,
        recorded: &[RecordedEvent],
    ) -> Result<(), CommandError> {
        let mut subjects = Vec::new();
        for event in recorded {
            subjects.extend(self.codec.sealed_subjects(event)?);
        }
        loaded
            .keys
            .load(self.store.as_ref(), &self.vault, &subjects)
            .await?;
        for event in recorded {
            let decoded = self.codec.decode(event, &loaded.keys)?;
            loaded
                .keys
                .mark_erased(&self.codec.erased_subjects(&decoded));
            loaded.state.apply(&decoded);
            loaded.version = event.version;
        }
        Ok(())
    }

    /// The answer to a retry: rebuilt from the events its command recorded, as the
    /// aggregate stood right after them. Personal data erased since then reads as erased,
    /// exactly as in any other read (no copy of the first answer is kept).
    async fn replay(
        &self,
        record: IdempotencyRecord,
        key: &Idempotency,
        respond: RespondFn<'_, A>,
    ) -> Result<Vec<u8>, CommandError> {
        if record.command.operation != key.operation
            || record.command.request_hash != key.request_hash
        {
            return Err(CommandError::IdempotencyKeyReused {
                key: key.key.clone(),
                operation: record.command.operation,
            });
        }
        let until = record.last_version;
        let history = self
            .store
            .read_stream(&record.stream_id, 0, Some(until))
            .await?;
        // The keys come from the store as they stand now: a subject erased after the
        // command reads as erased in its answer too.
        let mut loaded = Loaded::default();
        self.fold(&mut loaded, &history).await?;
        let event_ids: Vec<Uuid> = history
            .iter()
            .filter(|event| event.version >= record.first_version)
            .map(|event| event.event_id)
            .collect();
        Ok(respond(&loaded.state, until, &event_ids))
    }

    /// Runs a command: returns the encoded response, the stored one when the request is
    /// a retry of an earlier one with the same idempotency key.
    ///
    /// # Errors
    /// [`CommandError`]; nothing is written on any error.
    pub async fn execute(&self, request: CommandRequest<'_, A>) -> Result<Vec<u8>, CommandError> {
        let key = &request.idempotency;
        if let Some(record) = self.store.idempotency_record(&key.actor, &key.key).await? {
            return self.replay(record, key, request.respond).await;
        }
        let (_turn, waited) = self.lock_stream(&request.stream_id).await;
        // Commands that ran while this one waited have made a preloaded state stale.
        let mut preloaded = if waited { None } else { request.preloaded };
        for _attempt in 0..MAX_ATTEMPTS {
            let loaded = match preloaded.take() {
                Some(loaded) => loaded,
                None => self.load(&request.stream_id).await?,
            };
            if let Some(expected) = request.expected_version
                && expected != loaded.version
            {
                return Err(StoreError::VersionConflict {
                    stream_id: request.stream_id.clone(),
                    expected: expected.to_string(),
                    actual: loaded.version,
                }
                .into());
            }
            let events = loaded.state.decide(&request.command, &self.rules)?;
            let mut keys = loaded.keys.clone();
            let subjects: Vec<Uuid> = events
                .iter()
                .flat_map(|e| self.codec.subjects_to_seal(e))
                .collect();
            keys.load(self.store.as_ref(), &self.vault, &subjects)
                .await?;
            let mut encoded = Vec::with_capacity(events.len());
            for event in &events {
                encoded.push(self.codec.encode(event, &mut keys, &self.vault)?);
            }
            let mut after = loaded.state.clone();
            for event in &events {
                after.apply(event);
            }
            let effects = (request.side_effects)(&loaded.state, &events, &after);
            let new_events: Vec<NewEvent> = encoded
                .into_iter()
                .map(|e| NewEvent {
                    event_id: Uuid::now_v7(),
                    event_type: e.event_type,
                    schema_version: e.schema_version,
                    payload: e.payload,
                })
                .collect();
            let event_ids: Vec<Uuid> = new_events.iter().map(|e| e.event_id).collect();
            let version = loaded.version + new_events.len() as i64;
            let response = (request.respond)(&after, version, &event_ids);
            let mut metadata = request.metadata.clone();
            if let Some(region) = &effects.region {
                metadata.region = region.clone();
            }
            let expected = if loaded.version == 0 {
                ExpectedVersion::NoStream
            } else {
                ExpectedVersion::Exact(loaded.version)
            };
            let batch = AppendBatch {
                idempotency: Some(key.clone()),
                claims: effects.claims.iter().map(|(k, _)| k.clone()).collect(),
                releases: effects.releases.clone(),
                new_subject_keys: keys.take_created(),
                erase_subjects: effects.erase_subjects.clone(),
                index_entries: effects.index.clone(),
                ..AppendBatch::new(
                    &request.stream_id,
                    self.category,
                    expected,
                    new_events,
                    metadata,
                )
            };
            match self.store.append(batch).await {
                Ok(result) => {
                    keys.mark_erased(&effects.erase_subjects);
                    self.cache_put(
                        &request.stream_id,
                        Loaded {
                            state: after,
                            version: result.version,
                            keys,
                        },
                    );
                    return Ok(response);
                }
                Err(StoreError::VersionConflict { .. }) if request.expected_version.is_none() => {
                    // Another command on this aggregate committed first: decide again on
                    // the newer state.
                    self.cache_remove(&request.stream_id);
                }
                Err(StoreError::IdempotencyKeyUsed(record)) => {
                    return self.replay(*record, key, request.respond).await;
                }
                Err(StoreError::UniqueTaken {
                    scope, key: value, ..
                }) => {
                    let field = effects
                        .claims
                        .iter()
                        .find(|(k, _)| k.scope == scope && k.key == value)
                        .map(|(_, field)| field.clone())
                        .unwrap_or_else(|| scope.clone());
                    return Err(DomainError::already_exists(
                        field,
                        format!("this {scope} already belongs to another active record"),
                    )
                    .into());
                }
                Err(other) => {
                    self.cache_remove(&request.stream_id);
                    return Err(other.into());
                }
            }
        }
        Err(StoreError::VersionConflict {
            stream_id: request.stream_id.clone(),
            expected: "any (retried after concurrent commands)".to_owned(),
            actual: -1,
        }
        .into())
    }

    /// Waits for this process's turn to run a command on `stream_id`; true when it had to
    /// wait (another command on the stream was running).
    async fn lock_stream(&self, stream_id: &str) -> (OwnedMutexGuard<()>, bool) {
        let lock = {
            let mut locks = self
                .locks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if locks.len() >= LOCKS_SWEEP_AT {
                // Drop the locks nobody holds or waits for (only the map refers to them).
                locks.retain(|_, lock| Arc::strong_count(lock) > 1);
            }
            locks.entry(stream_id.to_owned()).or_default().clone()
        };
        match lock.clone().try_lock_owned() {
            Ok(guard) => (guard, false),
            Err(_) => (lock.lock_owned().await, true),
        }
    }

    /// [`AggregateStore::execute`] for an RPC: the answer decoded as the RPC's response
    /// type, a failure as its gRPC status.
    ///
    /// # Errors
    /// The status of the [`CommandError`] (see [`crate::grpc_error::command_status`]).
    pub async fn execute_rpc<R: prost::Message + Default>(
        &self,
        request: CommandRequest<'_, A>,
    ) -> Result<R, tonic::Status> {
        let bytes = self
            .execute(request)
            .await
            .map_err(crate::grpc_error::command_status)?;
        R::decode(bytes.as_slice()).map_err(crate::grpc_error::internal)
    }

    fn cache_get(&self, stream_id: &str) -> Option<Loaded<A>> {
        self.cache.lock().ok()?.get(stream_id).cloned()
    }

    fn cache_put(&self, stream_id: &str, loaded: Loaded<A>) {
        if let Ok(mut cache) = self.cache.lock() {
            // A crude bound: start over rather than grow without limit. Aggregates are
            // rebuilt from their streams on the next load, so this only costs a read.
            if cache.len() >= CACHE_CAPACITY && !cache.contains_key(stream_id) {
                cache.clear();
            }
            let newer = cache
                .get(stream_id)
                .is_none_or(|c| c.version <= loaded.version);
            if newer {
                cache.insert(stream_id.to_owned(), loaded);
            }
        }
    }

    fn cache_remove(&self, stream_id: &str) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(stream_id);
        }
    }
}
