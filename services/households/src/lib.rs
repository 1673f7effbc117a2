//! The households context of Berdaya: the registry of poor households, their members,
//! and their enrolment in social-assistance programmes.
//!
//! - [`domain`]: the household aggregate, pure rules with given/when/then tests;
//! - [`codec`]: how its events are stored (protobuf, personal data sealed);
//! - [`grpc`]: the `HouseholdsService` API.

pub mod codec;
pub mod convert;
pub mod domain;
pub mod grpc;
pub mod settings;

pub use grpc::HouseholdsApi;
