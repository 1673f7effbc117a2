//! End-to-end tests: the real `berdaya` binary driven from outside, over gRPC, HTTP and
//! NATS, on real SQLite files, a real PostgreSQL server and real NATS servers. One test
//! binary with a module per area (it links once); each test gets its own data
//! directory, database and stream. `common` starts the processes and reads their ready
//! line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test's panic is its failure message

mod common;

mod access;
mod advocacy;
mod bench_smoke;
mod browser;
mod capacity;
mod dashboard;
mod distributed;
mod enterprise;
mod erasure;
mod hostile;
mod households;
mod http_json;
mod operations;
mod participation;
mod partnerships;
mod projection_recovery;
mod readme;
mod reflection;
mod reporting;
mod reporting_distributed;
mod savings;
