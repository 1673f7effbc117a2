//! Reads: one aggregate, lists (the store's streams by category and region, or its
//! secondary indexes of referrals), a household's referrals, commitment fulfilment, and
//! the histories auditors stream. A record outside the caller's regions answers as an
//! unknown one.

use std::sync::Arc;

use berdaya_domain::Aggregate;
use berdaya_domain::id::parse_date;
use berdaya_eventstore::IndexHit;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::{AggregateStore, EventCodec, Loaded};
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::{Validator, today};
use berdaya_proto::berdaya::common::v1 as common;
use chrono::NaiveDate;
use tonic::Status;
use uuid::Uuid;

use super::edges::partner_visible;
use super::{DEFAULT_PAGE_SIZE, Inner, MAX_PAGE_SIZE};

/// Streams read per round while scanning a list.
const BATCH: i64 = 200;
/// Most index hits gathered for one index-based list.
const MAX_HITS: usize = 10_000;

/// One loaded aggregate of a list, with its id.
pub(super) type Found<A> = (Uuid, Arc<Loaded<A>>);

/// A date a query asks about (`as_of`): any real date, today in WIB when empty.
pub(super) fn as_of(v: &mut Validator<'static>, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return Some(today());
    }
    parse_date(text.trim()).map_err(|e| v.fail(field, e)).ok()
}

/// An optional date bound of a query.
pub(super) fn optional_date(
    v: &mut Validator<'static>,
    field: &str,
    text: &str,
) -> Option<Option<NaiveDate>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    parse_date(text.trim())
        .map(Some)
        .map_err(|e| v.fail(field, e))
        .ok()
}

/// The page size and where it resumes (a stream id of the previous page).
pub(super) fn paging(
    v: &mut Validator<'static>,
    page: Option<&common::PageRequest>,
) -> (usize, Option<Option<String>>) {
    let page = page.cloned().unwrap_or_default();
    let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) as usize;
    let after = v.page_token(&page.page_token, |t| Some(t.to_owned()));
    (size, after)
}

/// The page's answer: its token, the last stream id when more follow.
pub(super) fn next_token<A>(
    found: &mut Vec<Found<A>>,
    size: usize,
    category: &str,
) -> common::PageResponse {
    let more = found.len() > size;
    found.truncate(size);
    common::PageResponse {
        next_page_token: if more {
            found
                .last()
                .map(|(id, _)| format!("{category}-{id}"))
                .unwrap_or_default()
        } else {
            String::new()
        },
    }
}

fn id_of(stream_id: &str, category: &str) -> Option<Uuid> {
    stream_id
        .strip_prefix(category)
        .and_then(|s| s.strip_prefix('-'))
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// Loads a stream's aggregate.
pub(super) async fn load<A: Aggregate, C: EventCodec<Event = A::Event>>(
    store: &AggregateStore<A, C>,
    stream_id: &str,
) -> Result<Arc<Loaded<A>>, Status> {
    store.load(stream_id).await.map_err(command_status)
}

/// Up to `size + 1` aggregates of `category` filed under `prefix`, after `after`, that
/// `keep` keeps, in stream order.
pub(super) async fn scan<A: Aggregate, C: EventCodec<Event = A::Event>>(
    store: &AggregateStore<A, C>,
    category: &str,
    prefix: &str,
    mut after: Option<String>,
    size: usize,
    keep: impl Fn(&A) -> bool,
) -> Result<Vec<Found<A>>, Status> {
    let mut found = Vec::new();
    loop {
        let streams = store
            .events()
            .list_streams(category, prefix, after.as_deref(), BATCH)
            .await
            .map_err(|e| store_status(&e))?;
        for info in &streams {
            let Some(id) = id_of(&info.stream_id, category) else {
                continue;
            };
            let loaded = load(store, &info.stream_id).await?;
            if keep(&loaded.state) {
                found.push((id, loaded));
                if found.len() > size {
                    return Ok(found);
                }
            }
        }
        if (streams.len() as i64) < BATCH {
            return Ok(found);
        }
        after = streams.last().map(|s| s.stream_id.clone());
    }
}

/// Every aggregate of `category` filed in secondary `index` under `key` that `keep`
/// keeps, after `after`, in stream order.
pub(super) async fn indexed<A: Aggregate, C: EventCodec<Event = A::Event>>(
    store: &AggregateStore<A, C>,
    index: &str,
    key: &str,
    category: &str,
    after: Option<&str>,
    keep: impl Fn(&A) -> bool,
) -> Result<Vec<Found<A>>, Status> {
    let mut hits: Vec<IndexHit> = Vec::new();
    let mut from: Option<IndexHit> = None;
    loop {
        let batch = store
            .events()
            .find_streams(index, key, key, from.as_ref(), BATCH)
            .await
            .map_err(|e| store_status(&e))?;
        let done = (batch.len() as i64) < BATCH || hits.len() >= MAX_HITS;
        from = batch.last().cloned();
        hits.extend(batch);
        if done {
            break;
        }
    }
    hits.sort_by(|a, b| a.stream_id.cmp(&b.stream_id));
    let mut found = Vec::new();
    for hit in hits {
        if after.is_some_and(|after| hit.stream_id.as_str() <= after) {
            continue;
        }
        let Some(id) = id_of(&hit.stream_id, category) else {
            continue;
        };
        let loaded = load(store, &hit.stream_id).await?;
        if keep(&loaded.state) {
            found.push((id, loaded));
        }
    }
    Ok(found)
}

impl Inner {
    /// The aggregate named by `field` in a read request, when `visible` to the caller;
    /// otherwise NOT_FOUND, exactly as an unknown one.
    pub(super) async fn readable<A: Aggregate, C: EventCodec<Event = A::Event>>(
        &self,
        store: &AggregateStore<A, C>,
        field: &str,
        text: &str,
        stream: impl Fn(Uuid) -> String,
        noun: &str,
        visible: impl Fn(&A) -> bool,
    ) -> Result<(Uuid, String, Arc<Loaded<A>>), Status> {
        let mut v = self.validator();
        let id = v.id(field, text);
        v.finish()?;
        let id = id.unwrap_or_default();
        let stream_id = stream(id);
        let loaded = load(store, &stream_id).await?;
        if !visible(&loaded.state) {
            return Err(Status::not_found(format!("{noun} {id} not found")));
        }
        Ok((id, stream_id, loaded))
    }

    /// The history of a stream the caller may read.
    pub(super) fn history(&self, stream_id: String) -> HistoryStream {
        history::stream(self.events().clone(), stream_id)
    }

    /// The hash-chain check of a stream the caller may read.
    pub(super) async fn verify(
        &self,
        stream_id: &str,
    ) -> Result<common::ChainVerification, Status> {
        history::verify(self.events().as_ref(), stream_id).await
    }
}

/// True when a region-filed record is inside the caller's regions.
pub(super) fn sees(principal: &Principal, region: Option<String>) -> bool {
    region.is_some_and(|r| principal.sees(&r))
}

/// True when `partner` is registered and reachable by the caller.
pub(super) fn partner_readable(principal: &Principal, partner: &crate::domain::Partner) -> bool {
    partner_visible(principal, partner)
}
