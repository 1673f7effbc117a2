//! The PostgreSQL append path: group commit, one statement per command.
//!
//! A command's whole append is one call of the `berdaya_append` function (migration
//! `0005_append_function.sql`): it checks the idempotency key, the claims and the subject
//! keys, moves the stream's head row from exactly the expected version and hash (the row
//! is both the version check and the lock that makes appends to one stream serial),
//! and writes the idempotency record, the claims, the subject keys, the events and the
//! secondary index entries. The events' hashes are chained here, before the call, from
//! the head this store last saw for the stream ([`Heads`]) or, when it has none, from
//! the head read just before; the function's head check makes a stale head a version
//! conflict, never a broken chain.
//!
//! Concurrent commands are queued ([`crate::group`]); a writer takes the queue and runs
//! its commands in one transaction, one call each, and commits once: one WAL flush for
//! the group. A command the function refuses (version conflict, key already used, claim
//! held by another stream) writes nothing and the group goes on. A command whose call
//! raises (a race with another transaction detected after it began writing, a bad row)
//! aborts the transaction; the writer then answers that command with its error and runs
//! the group again without it, so every command stays atomic and fails alone. No
//! command is answered before its group has committed.

use async_trait::async_trait;
use sqlx::postgres::{PgDatabaseError, PgPool};
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::common::{
    IDEMPOTENCY_COLUMNS, IdempotencyRow, chain_events, check_expected, expected_text, hash32,
    idempotency_from_row, now_micros, sorted_ids, sorted_keys, validate,
};
use crate::error::StoreError;
use crate::group::{Engine, GroupCommit, Job};
use crate::hash::GENESIS;
use crate::model::{
    AppendBatch, AppendResult, ExpectedVersion, IdempotencyRecord, LogCursor, RecordedEvent,
};

/// How often an [`ExpectedVersion::Any`] append is retried after a concurrent append to
/// the same stream won.
const ANY_RETRIES: usize = 3;
/// Concurrent group writers (each holds one connection while it commits a group): while
/// one waits for its commit's flush, the others run their groups' statements, and
/// PostgreSQL flushes concurrent commits together.
const WRITERS: usize = 4;
/// Stream heads remembered (the streams this process appended to most recently).
const HEADS: u64 = 20_000;

/// A stream's last version and the hash of its last event.
type Head = (i64, [u8; 32]);

/// The append path of one store: the head cache and the group-commit queue.
#[derive(Debug)]
pub(super) struct Appender {
    pool: PgPool,
    heads: moka::sync::Cache<String, Head>,
    group: GroupCommit<Writer>,
}

/// One command ready to write: its batch and its chained events.
#[derive(Debug)]
pub(super) struct Prepared {
    batch: AppendBatch,
    expected: i64,
    prev: [u8; 32],
    events: Vec<RecordedEvent>,
}

/// Whether a command is done or decided again on a fresh head.
enum Step {
    Done(Result<AppendResult, StoreError>),
    Retry,
}

/// What became of one command.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Committed: the events' positions (in version order) and the transaction id.
    Written { positions: Vec<i64>, xid: i64 },
    /// The head was elsewhere: the stream's version.
    Conflict(i64),
    /// The idempotency key was already used.
    KeyUsed,
    /// A claim is held by another stream.
    Taken {
        scope: String,
        key: String,
        owner: String,
    },
    /// Lost a race on a new stream (or a deadlock): decide again on a fresh head.
    Race,
    /// Anything else.
    Failed(StoreError),
}

impl Appender {
    pub(super) fn new(pool: PgPool) -> Self {
        Self {
            pool: pool.clone(),
            heads: moka::sync::Cache::new(HEADS),
            group: GroupCommit::new(Writer { pool }, WRITERS),
        }
    }

    /// Appends a batch (see the module docs).
    pub(super) async fn append(&self, batch: AppendBatch) -> Result<AppendResult, StoreError> {
        validate(&batch)?;
        if batch.events.is_empty() {
            // Nothing else to write either (see `validate`): just the version check.
            let (current, _) = self.read_head(&batch.stream_id).await?;
            check_expected(&batch.stream_id, batch.expected_version, current)?;
            return Ok(AppendResult {
                version: current,
                events: Vec::new(),
            });
        }
        let mut batch = batch;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (expected, prev) = self.head_for(&batch).await?;
            let recorded_at = now_micros();
            let events = chain_events(&batch, expected, prev, recorded_at);
            let prepared = Prepared {
                batch,
                expected,
                prev,
                events,
            };
            let (outcome, prepared) = self.group.submit(prepared).await?;
            batch = prepared.batch;
            let retry_any =
                batch.expected_version == ExpectedVersion::Any && attempt <= ANY_RETRIES;
            match self
                .settle(&batch, prepared.events, outcome, retry_any)
                .await
            {
                Step::Done(result) => return result,
                Step::Retry => {}
            }
        }
    }

    /// Appends batches on distinct streams as one group: one transaction, each batch
    /// atomic and failing alone (what concurrent [`Appender::append`] calls get when
    /// they meet in the queue). Results in the order of `batches`; no retries.
    pub(super) async fn append_group(
        &self,
        batches: Vec<AppendBatch>,
    ) -> Vec<Result<AppendResult, StoreError>> {
        let mut results: Vec<Option<Result<AppendResult, StoreError>>> = Vec::new();
        let mut jobs = Vec::new();
        let mut waiting = Vec::new();
        for batch in batches {
            let index = results.len();
            results.push(None);
            if validate(&batch).is_err() || batch.events.is_empty() {
                results[index] = Some(self.append(batch).await);
                continue;
            }
            let (expected, prev) = match self.head_for(&batch).await {
                Ok(head) => head,
                Err(error) => {
                    results[index] = Some(Err(error));
                    continue;
                }
            };
            let events = chain_events(&batch, expected, prev, now_micros());
            let (reply, outcome) = tokio::sync::oneshot::channel();
            jobs.push(Job {
                work: Prepared {
                    batch,
                    expected,
                    prev,
                    events,
                },
                reply,
            });
            waiting.push((index, outcome));
        }
        self.group.engine().commit(jobs).await;
        for (index, outcome) in waiting {
            results[index] = Some(match outcome.await {
                Ok((outcome, prepared)) => {
                    match self
                        .settle(&prepared.batch, prepared.events, outcome, false)
                        .await
                    {
                        Step::Done(result) => result,
                        Step::Retry => Err(StoreError::Internal("retry in a group".into())),
                    }
                }
                Err(_) => Err(StoreError::Internal(
                    "a group left a command unanswered".into(),
                )),
            });
        }
        results
            .into_iter()
            .map(|result| result.unwrap_or_else(|| Err(StoreError::Internal("no result".into()))))
            .collect()
    }

    /// What a command's outcome means for its caller.
    async fn settle(
        &self,
        batch: &AppendBatch,
        events: Vec<RecordedEvent>,
        outcome: Outcome,
        retry_any: bool,
    ) -> Step {
        let result = match outcome {
            Outcome::Written { positions, xid } => self.written(batch, events, &positions, xid),
            Outcome::Conflict(_) | Outcome::Race if retry_any => {
                self.heads.invalidate(&batch.stream_id);
                return Step::Retry;
            }
            Outcome::Conflict(actual) => {
                self.heads.invalidate(&batch.stream_id);
                Err(conflict(batch, actual))
            }
            Outcome::Race => {
                self.heads.invalidate(&batch.stream_id);
                match self.read_head(&batch.stream_id).await {
                    Ok((actual, _)) => Err(conflict(batch, actual)),
                    Err(error) => Err(error),
                }
            }
            Outcome::KeyUsed => self.key_used(batch).await,
            Outcome::Taken { scope, key, owner } => {
                Err(StoreError::UniqueTaken { scope, key, owner })
            }
            Outcome::Failed(error) => Err(error),
        };
        Step::Done(result)
    }

    /// The error of a command whose key was already used: the stored record.
    async fn key_used(&self, batch: &AppendBatch) -> Result<AppendResult, StoreError> {
        let command = batch
            .idempotency
            .as_ref()
            .ok_or_else(|| StoreError::Internal("key used by a batch without a key".into()))?;
        let record = idempotency_record(&self.pool, &command.actor, &command.key)
            .await?
            .ok_or_else(|| StoreError::Internal("idempotency record vanished".into()))?;
        Err(StoreError::IdempotencyKeyUsed(Box::new(record)))
    }

    /// The head to chain from: the expected one as this store last saw it, else the one
    /// stored now.
    async fn head_for(&self, batch: &AppendBatch) -> Result<Head, StoreError> {
        match batch.expected_version {
            ExpectedVersion::NoStream => Ok((0, GENESIS)),
            ExpectedVersion::Exact(version) => match self.heads.get(&batch.stream_id) {
                Some(head) if head.0 == version => Ok(head),
                // Elsewhere, the call still goes ahead: the function checks the key
                // before the head, so a retry of a command that committed is answered
                // as such even though the stream moved on.
                _ => {
                    let (current, head) = self.read_head(&batch.stream_id).await?;
                    Ok((version, if current == version { head } else { GENESIS }))
                }
            },
            ExpectedVersion::Any => self.read_head(&batch.stream_id).await,
        }
    }

    /// The stream's head as stored now ((0, genesis) when it does not exist).
    async fn read_head(&self, stream_id: &str) -> Result<Head, StoreError> {
        let row: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT version, head_hash FROM streams WHERE stream_id = $1")
                .bind(stream_id)
                .fetch_optional(&self.pool)
                .await?;
        match row {
            Some((version, head)) => Ok((version, hash32(head, "head_hash")?)),
            None => Ok((0, GENESIS)),
        }
    }

    /// The result of a committed command; remembers its head.
    fn written(
        &self,
        batch: &AppendBatch,
        mut events: Vec<RecordedEvent>,
        positions: &[i64],
        xid: i64,
    ) -> Result<AppendResult, StoreError> {
        if positions.len() != events.len() {
            return Err(StoreError::Internal(
                "event insert returned a wrong row count".into(),
            ));
        }
        for (event, position) in events.iter_mut().zip(positions) {
            event.cursor = LogCursor {
                xid,
                position: *position,
            };
        }
        let last = events
            .last()
            .ok_or_else(|| StoreError::Internal("a written batch without events".into()))?;
        let version = last.version;
        self.heads
            .insert(batch.stream_id.clone(), (version, last.hash));
        Ok(AppendResult { version, events })
    }
}

fn conflict(batch: &AppendBatch, actual: i64) -> StoreError {
    StoreError::VersionConflict {
        stream_id: batch.stream_id.clone(),
        expected: expected_text(batch.expected_version),
        actual,
    }
}

/// Commits groups of prepared commands.
#[derive(Debug)]
pub(super) struct Writer {
    pool: PgPool,
}

/// A queued command: answered with its outcome and its batch (for a retry).
type PgJob = Job<Prepared, (Outcome, Prepared)>;

#[async_trait]
impl Engine for Writer {
    type Work = Prepared;
    type Outcome = (Outcome, Prepared);

    async fn commit(&self, group: Vec<PgJob>) {
        let mut pending = group;
        if pending.len() == 1 {
            // Alone: the call is its own transaction (one round trip, one flush).
            let Some(job) = pending.pop() else { return };
            let outcome = match self.pool.acquire().await {
                Ok(mut conn) => match call(&mut conn, &job.work).await {
                    Ok(outcome) => outcome,
                    Err(error) => raised(error),
                },
                Err(error) => Outcome::Failed(error.into()),
            };
            answer(job, outcome);
            return;
        }
        while !pending.is_empty() {
            match self.try_group(&pending).await {
                GroupResult::Committed(outcomes) => {
                    for (job, outcome) in pending.into_iter().zip(outcomes) {
                        answer(job, outcome);
                    }
                    return;
                }
                GroupResult::Refused(index, outcome) => {
                    // Only this command's call raised: answer it, run the rest again.
                    let job = pending.remove(index);
                    answer(job, outcome);
                }
                GroupResult::Broken(error) => {
                    let message = error.to_string();
                    for job in pending {
                        answer(job, Outcome::Failed(same_error(&error, &message)));
                    }
                    return;
                }
            }
        }
    }
}

/// How one transaction over a group ended.
enum GroupResult {
    /// Committed: each command's outcome, in order.
    Committed(Vec<Outcome>),
    /// The command at this index raised; the transaction was rolled back.
    Refused(usize, Outcome),
    /// The connection or the commit failed: no command can be answered as written.
    Broken(StoreError),
}

impl Writer {
    async fn try_group(&self, pending: &[PgJob]) -> GroupResult {
        let mut conn = match self.pool.acquire().await {
            Ok(conn) => conn,
            Err(error) => return GroupResult::Broken(error.into()),
        };
        let mut tx = match conn.begin().await {
            Ok(tx) => tx,
            Err(error) => return GroupResult::Broken(error.into()),
        };
        let mut outcomes = Vec::with_capacity(pending.len());
        for (index, job) in pending.iter().enumerate() {
            match call(&mut tx, &job.work).await {
                Ok(outcome) => outcomes.push(outcome),
                Err(error @ sqlx::Error::Database(_)) => {
                    let _ = tx.rollback().await;
                    return GroupResult::Refused(index, raised(error));
                }
                Err(error) => return GroupResult::Broken(error.into()),
            }
        }
        match tx.commit().await {
            Ok(()) => GroupResult::Committed(outcomes),
            Err(error) => GroupResult::Broken(error.into()),
        }
    }
}

fn answer(job: PgJob, outcome: Outcome) {
    let Job { work, reply } = job;
    let _ = reply.send((outcome, work));
}

/// The same error for every command of a broken group.
fn same_error(error: &StoreError, message: &str) -> StoreError {
    match error {
        StoreError::Unavailable(_) => StoreError::Unavailable(message.to_owned()),
        _ => StoreError::Internal(message.to_owned()),
    }
}

/// What a raised error means for the command whose call raised it.
fn raised(error: sqlx::Error) -> Outcome {
    if let sqlx::Error::Database(db) = &error {
        match db.code().as_deref() {
            Some("BD001") => return Outcome::KeyUsed,
            Some("BD002") => {
                if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
                    return Outcome::Taken {
                        scope: pg.message().to_owned(),
                        key: pg.detail().unwrap_or_default().to_owned(),
                        owner: pg.hint().unwrap_or_default().to_owned(),
                    };
                }
            }
            Some("BD003") => return Outcome::Failed(StoreError::Internal(db.message().to_owned())),
            // Deadlock with another transaction, serialisation failure.
            Some("40P01" | "40001") => return Outcome::Race,
            _ => {}
        }
        if db.is_unique_violation() {
            match db.constraint() {
                Some("events_stream_version" | "streams_pkey") => return Outcome::Race,
                Some("events_event_id_key") => {
                    return Outcome::Failed(StoreError::Internal(format!(
                        "duplicate event id: {}",
                        db.message()
                    )));
                }
                _ => {}
            }
        }
    }
    Outcome::Failed(error.into())
}

/// The function's answer: status, actual version, claim scope, key, owner, positions, xid.
type CallRow = (
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Vec<i64>>,
    Option<i64>,
);

/// One call of `berdaya_append` for one command.
async fn call(conn: &mut PgConnection, work: &Prepared) -> Result<Outcome, sqlx::Error> {
    let batch = &work.batch;
    let events = &work.events;
    let versions: Vec<i64> = events.iter().map(|e| e.version).collect();
    let ids: Vec<Uuid> = events.iter().map(|e| e.event_id).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    let schemas: Vec<i32> = events.iter().map(|e| e.schema_version).collect();
    let payloads: Vec<&[u8]> = events.iter().map(|e| e.payload.as_slice()).collect();
    let prevs: Vec<&[u8]> = events.iter().map(|e| &e.prev_hash[..]).collect();
    let hashes: Vec<&[u8]> = events.iter().map(|e| &e.hash[..]).collect();
    let recorded_at = events.first().map(|e| e.recorded_at);
    let claims = sorted_keys(&batch.claims);
    let claim_scopes: Vec<&str> = claims.iter().map(|k| k.scope.as_str()).collect();
    let claim_keys: Vec<&str> = claims.iter().map(|k| k.key.as_str()).collect();
    let releases = sorted_keys(&batch.releases);
    let release_scopes: Vec<&str> = releases.iter().map(|k| k.scope.as_str()).collect();
    let release_keys: Vec<&str> = releases.iter().map(|k| k.key.as_str()).collect();
    let mut new_keys: Vec<_> = batch.new_subject_keys.iter().collect();
    new_keys.sort_by_key(|key| key.subject_id);
    let subjects: Vec<Uuid> = new_keys.iter().map(|k| k.subject_id).collect();
    let wrapped: Vec<&[u8]> = new_keys.iter().map(|k| k.wrapped.as_slice()).collect();
    let erase: Vec<Uuid> = sorted_ids(&batch.erase_subjects);
    let entries = batch.index_entries.as_deref().unwrap_or_default();
    let index_names: Vec<&str> = entries.iter().map(|e| e.index.as_str()).collect();
    let index_keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let idem = batch.idempotency.as_ref();
    let m = &batch.metadata;
    let row: CallRow = sqlx::query_as(
        "SELECT * FROM berdaya_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, \
         $29, $30, $31, $32, $33)",
    )
    .bind(&batch.stream_id)
    .bind(&batch.category)
    .bind(&m.region)
    .bind(work.expected)
    .bind(&work.prev[..])
    .bind(&versions)
    .bind(&ids)
    .bind(&types)
    .bind(&schemas)
    .bind(&payloads)
    .bind(&prevs)
    .bind(&hashes)
    .bind(&m.actor)
    .bind(&m.role)
    .bind(&m.correlation_id)
    .bind(&m.causation_id)
    .bind(&m.idempotency_key)
    .bind(&m.traceparent)
    .bind(recorded_at)
    .bind(idem.map(|k| k.actor.as_str()))
    .bind(idem.map(|k| k.key.as_str()))
    .bind(idem.map(|k| k.operation.as_str()))
    .bind(idem.map(|k| &k.request_hash[..]))
    .bind(&claim_scopes)
    .bind(&claim_keys)
    .bind(&release_scopes)
    .bind(&release_keys)
    .bind(&subjects)
    .bind(&wrapped)
    .bind(&erase)
    .bind(batch.index_entries.is_some())
    .bind(&index_names)
    .bind(&index_keys)
    .fetch_one(&mut *conn)
    .await?;
    let (status, actual, scope, key, owner, positions, xid) = row;
    Ok(match status.as_str() {
        "ok" => Outcome::Written {
            positions: positions.unwrap_or_default(),
            xid: xid.unwrap_or_default(),
        },
        "conflict" => Outcome::Conflict(actual.unwrap_or_default()),
        "idempotency" => Outcome::KeyUsed,
        "taken" => Outcome::Taken {
            scope: scope.unwrap_or_default(),
            key: key.unwrap_or_default(),
            owner: owner.unwrap_or_default(),
        },
        "subject" => Outcome::Failed(StoreError::Internal(format!(
            "subject {} already has a different (or erased) key",
            key.unwrap_or_default()
        ))),
        other => Outcome::Failed(StoreError::Internal(format!(
            "berdaya_append answered {other}"
        ))),
    })
}

/// Reads the idempotency record of `(actor, key)`.
pub(super) async fn idempotency_record(
    pool: &PgPool,
    actor: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    let row: Option<IdempotencyRow> = sqlx::query_as(&format!(
        "SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE actor = $1 AND key = $2"
    ))
    .bind(actor)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    row.map(idempotency_from_row).transpose()
}
