//! End-to-end: the real `berdaya` binary over gRPC. Households are registered through
//! the households service; the advocacy service learns of them from their events (on
//! SQLite: the same process follows the households store; on PostgreSQL: a separate
//! `serve --service advocacy` process hears of them over NATS JetStream), then cases are
//! reported, worked, resolved, refused and read under the confidentiality rules.

mod confidentiality;
mod demo;
mod distributed;
mod lifecycle;
mod partners;
mod refusals;
mod site;
