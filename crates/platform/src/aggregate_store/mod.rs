//! How every service runs a command against an event-sourced aggregate, in one place:
//! idempotency, loading (cached, caught up from the stream's tail), authorising against
//! the loaded state, deciding, sealing personal data, appending with the version guard,
//! retrying races, and answering from the emitted events.
//!
//! Loading cost does not grow with history: a cached aggregate is used as it stands and
//! its version verified by the append itself (a stale one is caught up by reading only
//! the events after its cached version), so a savings account with thousands of events
//! costs one write per command, not a replay. The cache is bounded (least
//! recently used aggregates go first) and shares aggregates by `Arc`.
//!
//! Commands on one aggregate run one at a time within a process ([`locks`]), so a burst
//! of concurrent commands on one account queues instead of burning its retries on
//! version conflicts; the version guard still arbitrates between processes.

mod effects;
mod error;
mod locks;

use std::sync::Arc;

use berdaya_domain::{Aggregate, DomainError};
use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{
    AppendBatch, EventMetadata, EventStore, ExpectedVersion, IdempotencyRecord, NewEvent,
    RecordedEvent, StoreError,
};
use uuid::Uuid;

pub use crate::codec::{CodecError, EncodedEvent, EventCodec};
pub use effects::{SideEffects, SideEffectsFn};
pub use error::CommandError;

/// The caller's idempotency key and the fingerprint of its request.
pub use berdaya_eventstore::IdempotencyKey as Idempotency;

use crate::keyring::KeyRing;
use locks::StreamLocks;

/// How many aggregates a service keeps in memory (least recently used go first).
const CACHE_CAPACITY: u64 = 20_000;
/// How often a command is retried when a concurrent command on the same aggregate won.
const MAX_ATTEMPTS: usize = 8;

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

/// One event a command recorded, as its answer is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted<E> {
    /// The event's id.
    pub event_id: Uuid,
    /// Its stream version.
    pub version: i64,
    /// The event.
    pub event: E,
}

/// Decides whether the caller may act on the loaded aggregate; on success, the region
/// the command's events are recorded under (`None`: the metadata's, or none yet).
pub type AuthoriseFn<'a, A> =
    &'a (dyn Fn(&A) -> Result<Option<String>, CommandError> + Send + Sync);
/// Builds the answer from (state after, version after, the region the events were
/// recorded under, the events the command recorded).
pub type RespondFn<'a, A, R> =
    &'a (dyn Fn(&A, i64, Option<&str>, &[Emitted<<A as Aggregate>::Event>]) -> R + Send + Sync);

/// Everything needed to run one command.
#[allow(missing_debug_implementations)]
pub struct Execution<'a, A: Aggregate, R> {
    /// The aggregate's stream.
    pub stream_id: String,
    /// True when this request chose the stream's id itself (a new aggregate): the stream
    /// cannot exist yet, so it is not read.
    pub new_stream: bool,
    /// The command.
    pub command: A::Command,
    /// The caller's optimistic-concurrency guard.
    pub expected_version: Option<i64>,
    /// Who and why.
    pub metadata: EventMetadata,
    /// The idempotency key.
    pub idempotency: Idempotency,
    /// Authorises the caller against the loaded state, on every attempt and on replays.
    pub authorise: AuthoriseFn<'a, A>,
    /// Derives claims, releases and erasures from (state before, events, state after).
    pub side_effects: SideEffectsFn<'a, A>,
    /// Builds the answer.
    pub respond: RespondFn<'a, A, R>,
}

/// Loads, decides and appends aggregates of one type.
#[allow(missing_debug_implementations)]
pub struct AggregateStore<A: Aggregate, C: EventCodec<Event = A::Event>> {
    store: Arc<dyn EventStore>,
    vault: Arc<Vault>,
    codec: C,
    rules: A::Rules,
    cache: moka::sync::Cache<String, Arc<Loaded<A>>>,
    locks: StreamLocks,
}

impl<A: Aggregate, C: EventCodec<Event = A::Event>> AggregateStore<A, C> {
    /// An aggregate store over `store` for the streams of `A::CATEGORY`, deciding under
    /// the default rules (see [`AggregateStore::with_rules`]).
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>, codec: C) -> Self {
        Self {
            store,
            vault,
            codec,
            rules: A::Rules::default(),
            cache: moka::sync::Cache::new(CACHE_CAPACITY),
            locks: StreamLocks::default(),
        }
    }

    /// The same store deciding under the deployment's configured `rules`.
    #[must_use]
    pub fn with_rules(mut self, rules: A::Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The rules the store decides under.
    pub fn rules(&self) -> &A::Rules {
        &self.rules
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
    pub async fn load(&self, stream_id: &str) -> Result<Arc<Loaded<A>>, CommandError> {
        let cached = self.cache.get(stream_id).unwrap_or_default();
        let tail = self
            .store
            .read_stream(stream_id, cached.version, None)
            .await?;
        if tail.is_empty() {
            return Ok(cached);
        }
        let mut loaded = Arc::unwrap_or_clone(cached);
        self.fold(&mut loaded, &tail, None).await?;
        let loaded = Arc::new(loaded);
        self.remember(stream_id, &loaded);
        Ok(loaded)
    }

    /// Folds recorded events into a loaded aggregate, fetching the keys they need; with
    /// `emitted`, also keeps the decoded events from `emitted.0` on.
    async fn fold(
        &self,
        loaded: &mut Loaded<A>,
        recorded: &[RecordedEvent],
        mut emitted: Option<(i64, &mut Vec<Emitted<A::Event>>)>,
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
            if let Some((from, out)) = emitted.as_mut()
                && event.version >= *from
            {
                out.push(Emitted {
                    event_id: event.event_id,
                    version: event.version,
                    event: decoded,
                });
            }
        }
        Ok(())
    }

    /// Runs a command and answers it; a retry of an earlier request with the same
    /// idempotency key gets that request's answer, rebuilt from its events.
    ///
    /// The hot path is one write: a cached aggregate is trusted as it stands (its version
    /// is verified inside the append, which refuses a stale one), and the idempotency key
    /// is checked by the append itself. Only a refusal costs reads: a version conflict
    /// reloads the aggregate and decides again; any other refusal decided on a cached
    /// state is checked against the stream first, and a refused command looks its key up,
    /// so that a retry of one that committed still gets its first answer.
    ///
    /// # Errors
    /// [`CommandError`]; nothing is written on any error.
    pub async fn execute<R>(&self, request: Execution<'_, A, R>) -> Result<R, CommandError> {
        let _turn = self.locks.turn(&request.stream_id).await;
        let cached = if request.new_stream {
            None
        } else {
            self.cache.get(&request.stream_id)
        };
        // A new aggregate needs no read: its id was chosen by this very request.
        let mut verified = request.new_stream || cached.is_none();
        let mut loaded = match cached {
            Some(cached) => cached,
            None if request.new_stream => Arc::new(Loaded::default()),
            None => self.load(&request.stream_id).await?,
        };
        for _ in 0..MAX_ATTEMPTS {
            let error = match self.attempt(&request, &loaded).await {
                Ok(response) => return Ok(response),
                Err(CommandError::Store(StoreError::IdempotencyKeyUsed(record))) => {
                    return self.replay(*record, &request).await;
                }
                Err(error) => error,
            };
            let conflict = matches!(
                error,
                CommandError::Store(StoreError::VersionConflict { .. })
            );
            if matches!(error, CommandError::Store(StoreError::Unavailable(_))) {
                return Err(error);
            }
            if conflict && (request.expected_version.is_none() || !verified) {
                // Another command on this aggregate committed first (in another process,
                // or since it was cached): decide again on the newer state.
                self.cache.invalidate(&request.stream_id);
                loaded = self.load(&request.stream_id).await?;
                verified = true;
                continue;
            }
            if !verified {
                // Decided on a cached state: refuse only if the stream has not moved.
                let fresh = self.load(&request.stream_id).await?;
                verified = true;
                if fresh.version != loaded.version {
                    loaded = fresh;
                    continue;
                }
            }
            return self.refused(error, &request).await;
        }
        Err(StoreError::VersionConflict {
            stream_id: request.stream_id.clone(),
            expected: "any (retried after concurrent commands)".to_owned(),
            actual: -1,
        }
        .into())
    }

    /// A refused command: a retry of one that committed gets that one's answer instead.
    async fn refused<R>(
        &self,
        error: CommandError,
        request: &Execution<'_, A, R>,
    ) -> Result<R, CommandError> {
        let key = &request.idempotency;
        match self.store.idempotency_record(&key.actor, &key.key).await? {
            Some(record) => self.replay(record, request).await,
            None => Err(error),
        }
    }

    /// One attempt: authorise, decide, seal, append, remember, answer.
    async fn attempt<R>(
        &self,
        request: &Execution<'_, A, R>,
        loaded: &Loaded<A>,
    ) -> Result<R, CommandError> {
        let region = (request.authorise)(&loaded.state)?;
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
        // Even a new aggregate may seal with a subject other streams already hold a key
        // for (a certificate sealed with its holder's key), so stored keys are fetched
        // whatever the stream.
        let subjects: Vec<Uuid> = events
            .iter()
            .flat_map(|e| self.codec.subjects_to_seal(e))
            .collect();
        keys.load(self.store.as_ref(), &self.vault, &subjects)
            .await?;
        let mut new_events = Vec::with_capacity(events.len());
        for event in &events {
            let encoded = self.codec.encode(event, &mut keys, &self.vault)?;
            new_events.push(NewEvent {
                event_id: Uuid::now_v7(),
                event_type: encoded.event_type,
                schema_version: encoded.schema_version,
                payload: encoded.payload,
            });
        }
        let mut after = loaded.state.clone();
        for event in &events {
            after.apply(event);
        }
        let effects = (request.side_effects)(&loaded.state, &events, &after);
        let emitted: Vec<Emitted<A::Event>> = new_events
            .iter()
            .zip(events)
            .zip(loaded.version + 1..)
            .map(|((new, event), version)| Emitted {
                event_id: new.event_id,
                version,
                event,
            })
            .collect();
        let mut metadata = request.metadata.clone();
        let region = effects.region.clone().or(region);
        if let Some(region) = &region {
            metadata.region.clone_from(region);
        }
        let expected = if loaded.version == 0 {
            ExpectedVersion::NoStream
        } else {
            ExpectedVersion::Exact(loaded.version)
        };
        let batch = AppendBatch {
            idempotency: Some(request.idempotency.clone()),
            claims: effects.claims.iter().map(|(k, _)| k.clone()).collect(),
            releases: effects.releases.clone(),
            new_subject_keys: keys.take_created(),
            erase_subjects: effects.erase_subjects.clone(),
            index_entries: effects.index.clone(),
            ..AppendBatch::new(
                &request.stream_id,
                A::CATEGORY,
                expected,
                new_events,
                metadata,
            )
        };
        let version = match self.store.append(batch).await {
            Ok(result) => result.version,
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
            Err(error) => {
                self.cache.invalidate(&request.stream_id);
                return Err(error.into());
            }
        };
        let response = (request.respond)(&after, version, region.as_deref(), &emitted);
        keys.mark_erased(&effects.erase_subjects);
        self.remember(
            &request.stream_id,
            &Arc::new(Loaded {
                state: after,
                version,
                keys,
            }),
        );
        Ok(response)
    }

    /// The answer to a retry: rebuilt from the events its command recorded, as the
    /// aggregate stood right after them. Personal data erased since then reads as erased,
    /// exactly as in any other read (no copy of the first answer is kept).
    async fn replay<R>(
        &self,
        record: IdempotencyRecord,
        request: &Execution<'_, A, R>,
    ) -> Result<R, CommandError> {
        let key = &request.idempotency;
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
        let mut emitted = Vec::new();
        self.fold(
            &mut loaded,
            &history,
            Some((record.first_version, &mut emitted)),
        )
        .await?;
        let region = (request.authorise)(&loaded.state)?;
        Ok((request.respond)(
            &loaded.state,
            until,
            region.as_deref(),
            &emitted,
        ))
    }

    /// Caches `loaded` unless the cache already holds a newer version of the stream.
    fn remember(&self, stream_id: &str, loaded: &Arc<Loaded<A>>) {
        let newer_cached = self
            .cache
            .get(stream_id)
            .is_some_and(|cached| cached.version > loaded.version);
        if !newer_cached {
            self.cache.insert(stream_id.to_owned(), loaded.clone());
        }
    }
}
