//! One command at a time per stream within a process, so a burst of commands on one
//! aggregate queues instead of burning its retries on version conflicts; the store's
//! version guard still arbitrates between processes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// How many per-stream locks may exist before idle ones are dropped.
const SWEEP_AT: usize = 1_024;

/// The per-stream command locks of one aggregate store.
#[derive(Debug, Default)]
pub(super) struct StreamLocks {
    locks: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

impl StreamLocks {
    /// Waits for this process's turn on `stream_id`.
    pub(super) async fn turn(&self, stream_id: &str) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
            if locks.len() >= SWEEP_AT {
                // Drop the locks nobody holds or waits for (only the map refers to them).
                locks.retain(|_, lock| Arc::strong_count(lock) > 1);
            }
            locks.entry(stream_id.to_owned()).or_default().clone()
        };
        lock.lock_owned().await
    }
}
