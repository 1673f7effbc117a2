//! Social participation (strategy 1, Partisipasi Sosial): activities at village or
//! district level that involve target households in every step, from information
//! sessions on PKH and PIP to deliberation, joint action and joint evaluation, including
//! the monthly P2K2 / FDS family development sessions of PKH; and each household's
//! attendance record with its compliance band.
//!
//! - [`domain`]: the activity aggregate and the participation record, pure, with
//!   given/when/then tests;
//! - [`codec`]: how activity events are stored (protobuf; no personal data);
//! - [`grpc`]: the `ParticipationService` API;
//! - [`settings`]: the compliance bands from configuration.

pub mod codec;
pub mod convert;
pub mod domain;
pub mod grpc;
pub mod settings;

pub use grpc::ParticipationApi;
