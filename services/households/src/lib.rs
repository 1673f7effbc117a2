//! The households context of Berdaya: the registry of poor households, their members,
//! and their enrolment in social-assistance programmes; their social participation
//! (strategy 1) and their savings (strategy 3). All three share one event store.
//!
//! - [`domain`]: the household aggregate, pure rules with given/when/then tests;
//! - [`codec`]: how its events are stored (protobuf, personal data sealed);
//! - [`grpc`]: the `HouseholdsService` API;
//! - [`participation`]: participation activities, attendance and compliance bands
//!   (`ParticipationService`);
//! - [`savings`]: savings accounts, goals, incentives and streaks (`SavingsService`);
//! - [`registry`]: how the other aggregates look households up;
//! - [`module`]: the context as the binary runs it ([`MODULE`]), with its demo data.

pub mod codec;
pub mod convert;
mod demo;
pub mod domain;
pub mod grpc;
pub mod module;
pub mod participation;
pub mod registry;
pub mod savings;
pub mod settings;

pub use grpc::HouseholdsApi;
pub use module::MODULE;
pub use participation::ParticipationApi;
pub use savings::SavingsApi;
