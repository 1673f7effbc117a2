//! The Berdaya event store.
//!
//! Every service appends its domain events here, one [`AppendBatch`] per command, and
//! rebuilds its aggregates from the streams. Two engines implement [`EventStore`]:
//! [`postgres::PostgresStore`] (production, distributed mode) and [`sqlite::SqliteStore`]
//! (the embedded default of `berdaya up`). Both pass the same conformance suite
//! (`tests/conformance/mod.rs`).
//!
//! Rules the store enforces, whatever the engine:
//! - unique (stream id, version): an append with a wrong expected version writes nothing;
//! - idempotency records are written in the same transaction as the events they answer;
//! - each event's hash covers its stored bytes and the previous hash in its stream;
//! - the global log is read in an order that never skips a late-committing transaction;
//! - personal data is sealed with per-subject keys ([`pii`]); erasing a subject destroys
//!   its key and leaves the log and its hashes untouched;
//! - a stream's secondary index entries ([`AppendBatch::index_entries`]) are restated in
//!   the same transaction as its events, so [`EventStore::find_streams`] never disagrees
//!   with the log.

pub mod category;
mod common;
pub mod error;
mod group;
pub mod hash;
pub mod migrations;
pub mod model;
pub mod pii;
pub mod postgres;
pub mod sqlite;
pub mod store;

pub use category::{aggregate_id, category_of, stream_id};
pub use error::StoreError;
pub use migrations::sharing;
pub use model::*;
pub use store::EventStore;
