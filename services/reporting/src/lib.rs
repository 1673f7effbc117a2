//! The reporting projection of Berdaya: indicators for the seven empowerment strategies
//! and the household registry, by Kemendagri region and month.
//!
//! The read model is a pure function of the event sequence ([`contexts`] turn events into
//! additive facts; [`store`] adds them up), so a rebuild from the log gives exactly the
//! same figures as the live projection.

pub mod as_of;
pub mod catalog;
pub mod contexts;
pub mod dashboard;
pub mod facts;
pub mod follow;
pub mod grpc;
pub mod poison;
pub mod query;
pub mod rebuild;
pub mod sink;
pub mod store;
