//! The advocacy context of Berdaya (strategy 5, Advokasi Sosial): protecting and
//! defending the basic rights of poor households that others have violated, above all
//! their access to basic social services, by involving the households in policy making,
//! hearings (audiensi), public dialogue, campaigns and social action.
//!
//! - [`domain`]: the advocacy case aggregate, its reference data (the rights a case can
//!   be about), its service-level deadlines and the confidentiality of its notes: pure
//!   rules with given/when/then tests, no I/O;
//! - [`codec`]: how its events are stored (protobuf, `berdaya.advocacy.v1`), personal
//!   data sealed under the case's data subject;
//! - [`views`]: the local view of registry households, fed by household events;
//! - [`grpc`]: the `AdvocacyService` API;
//! - [`overdue`]: the overdue-cases metric;
//! - [`settings`]: the `[advocacy]` configuration section.

pub mod codec;
pub mod convert;
mod demo;
pub mod domain;
pub mod grpc;
pub mod module;
pub mod overdue;
pub mod settings;
pub mod views;

pub use grpc::AdvocacyApi;
pub use module::MODULE;
