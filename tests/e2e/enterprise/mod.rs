//! End-to-end: the real `berdaya` binary over gRPC. Households are registered through
//! the households service; the enterprise service learns of them from their events (on
//! SQLite: the same process follows the households store; on PostgreSQL: a separate
//! `serve --service enterprise` process follows the households database), then KUBE
//! groups are formed, financed, assessed and reported on.

mod demo;
mod lifecycle;
mod nats;
mod refusals;
mod site;
