//! A full rebuild from the logs: into shadow tables in batches, then one atomic swap.
//! The live projection keeps serving the old figures until the swap, and carries on
//! from the rebuilt checkpoints after it.

use crate::follow::{Source, catch_up};
use crate::store::{NEXT, ReadModel, ReadModelError};

/// Rebuilds the read model from `sources`; `progress` hears of every batch (events).
/// Returns the number of events replayed.
///
/// # Errors
/// [`ReadModelError`]; the live tables are untouched then.
pub async fn rebuild(
    model: &ReadModel,
    sources: &[Source],
    progress: impl FnMut(usize),
) -> Result<usize, ReadModelError> {
    let next = model.with_tables(NEXT);
    next.drop_tables().await?;
    next.create().await?;
    let replayed = catch_up(&next, sources, progress).await?;
    next.swap_into_live().await?;
    Ok(replayed)
}
