//! A full rebuild from the logs: into shadow tables in batches, then one atomic swap.
//! The live projection keeps serving the old figures until the swap, and carries on
//! from the rebuilt checkpoints after it.

use crate::follow::{Source, catch_up};
use crate::store::{ReadModel, ReadModelError};

/// How many events a rebuild from `sources` replays (for a progress bar's length).
///
/// # Errors
/// [`ReadModelError::Source`] when a log cannot be read.
pub async fn total(sources: &[Source]) -> Result<u64, ReadModelError> {
    let mut total = 0;
    for source in sources {
        let count = source
            .store
            .event_count()
            .await
            .map_err(|e| ReadModelError::Source(e.to_string()))?;
        total += u64::try_from(count).unwrap_or(0);
    }
    Ok(total)
}

/// Rebuilds the read model from `sources`; `progress` hears of every batch (events).
/// Returns the number of events replayed. Events that cannot be applied are parked,
/// and the rebuilt read model's parked messages replace the live one's at the swap.
///
/// # Errors
/// [`ReadModelError`]; the live tables are untouched then.
pub async fn rebuild(
    model: &ReadModel,
    sources: &[Source],
    progress: impl FnMut(usize),
) -> Result<usize, ReadModelError> {
    let next = model.shadow().await?;
    let replayed = catch_up(&next, sources, progress).await?;
    next.swap_into_live().await?;
    Ok(replayed)
}
