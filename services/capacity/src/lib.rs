//! The capacity context of Berdaya: strategy 6 (Penguatan Kapasitas SDM Kelembagaan,
//! raising the professionalism of everyone who runs the programme) and strategy 7
//! (Aktualisasi Nilai-Nilai Spiritualitas dan Kearifan Lokal, bringing religious values
//! and customary norms into the programme).
//!
//! - [`domain`]: the person, programme, cohort, certificate, activity and vocabulary
//!   aggregates, pure rules with given/when/then tests, and the pure calculations
//!   (competency, caseload) the queries need;
//! - [`codec`]: how their events are stored (protobuf, `berdaya.capacity.v1`), personal
//!   data sealed per person;
//! - [`grpc`]: the `CapacityService` and `LocalWisdomService` APIs;
//! - [`settings`]: the `[capacity]` configuration section.

#![warn(missing_docs)]

pub mod codec;
pub mod convert;
pub mod domain;

mod demo;
pub mod grpc;
pub mod module;
pub mod settings;
pub mod views;

pub use grpc::CapacityApi;
pub use module::MODULE;
