//! Group commit: concurrent appends wait in one queue, and a writer takes everything
//! waiting (up to [`MAX_GROUP`]) and commits it in one transaction, so many commands
//! share one WAL flush. Each engine decides how a command in a group stays atomic and
//! fails alone (see `postgres/append.rs` and `sqlite/append.rs`).
//!
//! Nothing waits for a group to fill: a writer takes what is queued when it is free, so
//! one command alone is committed at once, and under load the groups grow by themselves
//! while the previous group is being flushed.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::error::StoreError;

/// The most commands one transaction takes.
pub(crate) const MAX_GROUP: usize = 128;

/// One queued command and where its outcome goes.
#[derive(Debug)]
pub(crate) struct Job<W, R> {
    /// What the engine needs to write it.
    pub(crate) work: W,
    /// Where the outcome goes (a caller that gave up has dropped the receiver).
    pub(crate) reply: oneshot::Sender<R>,
}

impl<W, R> Job<W, R> {
    /// Sends the outcome; a caller that stopped waiting is not an error.
    pub(crate) fn answer(self, outcome: R) {
        let _ = self.reply.send(outcome);
    }
}

/// How an engine commits a group. It must answer every job.
#[async_trait]
pub(crate) trait Engine: Send + Sync + 'static {
    /// What a queued command carries.
    type Work: Send + 'static;
    /// What a command's outcome is.
    type Outcome: Send + 'static;

    /// Writes `group` (in queue order) and answers each job.
    async fn commit(&self, group: Vec<Job<Self::Work, Self::Outcome>>);
}

/// The queue and its writers, started on first use (inside the caller's runtime).
pub(crate) struct GroupCommit<E: Engine> {
    engine: Arc<E>,
    writers: usize,
    queue: OnceLock<mpsc::UnboundedSender<Job<E::Work, E::Outcome>>>,
}

impl<E: Engine> std::fmt::Debug for GroupCommit<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("writers", &self.writers)
            .field("started", &self.queue.get().is_some())
            .finish_non_exhaustive()
    }
}

impl<E: Engine> GroupCommit<E> {
    /// A queue served by `writers` concurrent writers (each commits its own groups).
    pub(crate) fn new(engine: E, writers: usize) -> Self {
        Self {
            engine: Arc::new(engine),
            writers: writers.max(1),
            queue: OnceLock::new(),
        }
    }

    /// The engine, to commit a group given whole.
    pub(crate) fn engine(&self) -> &E {
        &self.engine
    }

    /// Queues `work` and waits for its outcome.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the writers have stopped (their runtime ended).
    pub(crate) async fn submit(&self, work: E::Work) -> Result<E::Outcome, StoreError> {
        let queue = self.queue.get_or_init(|| self.start());
        let (reply, outcome) = oneshot::channel();
        queue
            .send(Job { work, reply })
            .map_err(|_| StoreError::Unavailable("the store's writer has stopped".into()))?;
        outcome.await.map_err(|_| {
            StoreError::Unavailable("the store's writer stopped before answering".into())
        })
    }

    fn start(&self) -> mpsc::UnboundedSender<Job<E::Work, E::Outcome>> {
        let (sender, receiver) = mpsc::unbounded_channel();
        let receiver = Arc::new(Mutex::new(receiver));
        for _ in 0..self.writers {
            let engine = self.engine.clone();
            let receiver = receiver.clone();
            tokio::spawn(async move {
                while let Some(group) = next_group(&receiver).await {
                    engine.commit(group).await;
                }
            });
        }
        sender
    }
}

/// Waits for one job, then takes whatever else is already queued (up to [`MAX_GROUP`]).
/// `None` once every sender is gone.
async fn next_group<W, R>(
    receiver: &Mutex<mpsc::UnboundedReceiver<Job<W, R>>>,
) -> Option<Vec<Job<W, R>>> {
    let mut receiver = receiver.lock().await;
    let first = receiver.recv().await?;
    let mut group = vec![first];
    while group.len() < MAX_GROUP {
        match receiver.try_recv() {
            Ok(job) => group.push(job),
            Err(_) => break,
        }
    }
    Some(group)
}
