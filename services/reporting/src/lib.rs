//! The reporting projection of Berdaya: indicators for the seven empowerment strategies
//! and the household registry, by Kemendagri region and month.
//!
//! The read model is a pure function of the event sequence ([`contexts`] turn events into
//! additive facts; [`store`] adds them up), so a rebuild from the log gives exactly the
//! same figures as the live projection. Events reach it through `berdaya-messaging`'s
//! inbox, the same mechanism as every other consumer: [`handler`] is the projection's
//! part, [`follow`] the embedded mode's feed; the distributed mode's durable JetStream
//! consumer delivers to the same inbox.

pub mod as_of;
pub mod catalog;
pub mod contexts;
pub mod dashboard;
pub mod export;
pub mod facts;
pub mod follow;
pub mod grpc;
pub mod handler;
pub mod i18n;
pub mod labels;
mod legacy;
pub mod module;
pub mod period;
pub mod query;
pub mod rebuild;
pub mod store;

pub use module::MODULE;
