//! Reads shared by both services: one record as the caller may see it, histories and
//! chain checks, and lists: every matching record of a category (by region prefix from
//! the stream list, or from a secondary index), ordered by the list's key and paged by
//! it (the page token is the last key returned).

use std::sync::Arc;

use berdaya_domain::Aggregate;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::{AggregateStore, EventCodec, Loaded};
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::common::v1 as common;
use tonic::Status;

use super::{DEFAULT_PAGE_SIZE, Inner, MAX_PAGE_SIZE};

/// Streams read from the stream list at a time.
const SCAN_BATCH: i64 = 500;
/// Most records one list considers (beyond it, narrow the region).
const MAX_SCANNED: usize = 100_000;

/// A list request's paging, validated.
pub(crate) struct Paging {
    /// Page size.
    pub size: usize,
    /// The key the previous page ended with.
    pub after: Option<String>,
}

/// The paging of `page`, with its violations recorded in `v`.
pub(crate) fn paging(v: &mut Validator<'static>, page: Option<&common::PageRequest>) -> Paging {
    let page = page.cloned().unwrap_or_default();
    let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    let after = v
        .page_token(&page.page_token, |t| (t.len() <= 200).then(|| t.to_owned()))
        .flatten();
    Paging {
        size: usize::try_from(size).unwrap_or(usize::MAX),
        after,
    }
}

/// One page of `items` (each with its sort key), in key order, after `paging.after`.
pub(crate) fn page<T>(
    mut items: Vec<(String, T)>,
    paging: &Paging,
) -> (Vec<T>, common::PageResponse) {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rest: Vec<(String, T)> = items
        .into_iter()
        .filter(|(key, _)| paging.after.as_ref().is_none_or(|after| key > after))
        .collect();
    let next = if rest.len() > paging.size {
        rest.truncate(paging.size);
        rest.last().map(|(key, _)| key.clone()).unwrap_or_default()
    } else {
        String::new()
    };
    (
        rest.into_iter().map(|(_, item)| item).collect(),
        common::PageResponse {
            next_page_token: next,
        },
    )
}

impl Inner {
    /// Every aggregate of `category` filed under `prefix`, as loaded.
    pub(crate) async fn scan<A, C>(
        &self,
        store: &AggregateStore<A, C>,
        category: &str,
        prefix: &str,
    ) -> Result<Vec<(String, Arc<Loaded<A>>)>, Status>
    where
        A: Aggregate,
        C: EventCodec<Event = A::Event>,
    {
        let mut found = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let batch = self
                .events()
                .list_streams(category, prefix, after.as_deref(), SCAN_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            let done = i64::try_from(batch.len()).unwrap_or(i64::MAX) < SCAN_BATCH;
            for info in batch {
                let loaded = store.load(&info.stream_id).await.map_err(command_status)?;
                after = Some(info.stream_id.clone());
                found.push((info.stream_id, loaded));
            }
            if done || found.len() >= MAX_SCANNED {
                return Ok(found);
            }
        }
    }

    /// Every event of `stream`, oldest first.
    pub(crate) fn history(&self, stream: String) -> HistoryStream {
        history::stream(self.events().clone(), stream)
    }

    /// The hash-chain check of `stream`.
    pub(crate) async fn verify(&self, stream: &str) -> Result<common::ChainVerification, Status> {
        history::verify(self.events().as_ref(), stream).await
    }
}

/// `NOT_FOUND` for a record the caller may not see or that does not exist.
pub(crate) fn not_found(noun: &str, id: &str) -> Status {
    Status::not_found(format!("{noun} {id} not found"))
}

/// The caller may read `prefix` (empty: the whole country).
///
/// # Errors
/// `PERMISSION_DENIED` naming `region_prefix`.
pub(crate) fn readable(principal: &Principal, prefix: &str) -> Result<(), Status> {
    principal.can_read(prefix, "region_prefix")
}
