//! Stream ids and the category (aggregate type) they belong to.
//!
//! A stream id is `<category>-<aggregate id>` (`household-0190c...`). Services declare
//! each aggregate's category once and build stream ids with [`stream_id`]; the store
//! records the category on every event row and the relay sends it as a NATS header, so
//! consumers route by category and event type instead of by parsing stream ids.
//! [`category_of`] is the one place a category is still read off a stream id: for rows
//! and messages written before the category travelled with the event.

use std::fmt::Display;

/// The stream of the aggregate `id` of `category`.
pub fn stream_id(category: &str, id: impl Display) -> String {
    format!("{category}-{id}")
}

/// The category a stream id was built with: what precedes its first `-` (the whole id
/// when it has none). Categories never contain `-`, aggregate ids may.
pub fn category_of(stream_id: &str) -> &str {
    stream_id
        .split_once('-')
        .map_or(stream_id, |(category, _)| category)
}

/// The aggregate id in `stream_id` when it is a stream of `category`.
pub fn aggregate_id<'a>(stream_id: &'a str, category: &str) -> Option<&'a str> {
    stream_id.strip_prefix(category)?.strip_prefix('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_id_gives_back_its_category() {
        let id = "0190c3a4-0000-7000-8000-000000000001";
        let stream = stream_id("household", id);
        assert_eq!(stream, format!("household-{id}"));
        assert_eq!(category_of(&stream), "household");
        assert_eq!(category_of("vocabulary-main"), "vocabulary");
        assert_eq!(category_of("odd"), "odd");
        assert_eq!(aggregate_id(&stream, "household"), Some(id));
        assert_eq!(aggregate_id(&stream, "house"), None);
        assert_eq!(aggregate_id("savings-1", "household"), None);
    }
}
