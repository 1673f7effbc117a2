//! What a decision writes besides its events: unique claims and their release, subject
//! keys to destroy, the region to file the stream under, secondary index entries.

use berdaya_domain::Aggregate;
use berdaya_eventstore::{IndexEntry, UniqueKey};
use uuid::Uuid;

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
    /// one the caller was authorised in (e.g. a household that moved).
    pub region: Option<String>,
    /// The stream's secondary index entries: `Some` replaces them all, `None` keeps them
    /// (see [`berdaya_eventstore::AppendBatch::index_entries`]).
    pub index: Option<Vec<IndexEntry>>,
}

/// Derives claims, releases and erasures from (state before, events, state after).
pub type SideEffectsFn<'a, A> =
    &'a (dyn Fn(&A, &[<A as Aggregate>::Event], &A) -> SideEffects + Send + Sync);
