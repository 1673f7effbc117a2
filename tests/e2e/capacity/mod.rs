//! End-to-end: the real `berdaya` binary over gRPC, for the capacity context
//! (strategies 6 and 7). On SQLite (`berdaya up`) one process hosts every service; on
//! PostgreSQL the households and capacity services run as `berdaya serve` processes of
//! their own, household events reaching capacity over NATS JetStream, and the distributed
//! path carries capacity events into the reporting service.

mod distributed;
mod local_wisdom;
mod people;
mod refusals;
mod site;
mod training;
