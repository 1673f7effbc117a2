//! Savings culture (strategy 3, Pengembangan Budaya Menabung): a savings account per
//! household (and optionally per member) at a named institution, deposits and
//! withdrawals in whole rupiah, savings goals, programme incentives recorded apart from
//! the family's own money, statements for any period, and the savings streak.
//!
//! - [`domain`]: the savings account aggregate, statements and streaks, pure, with
//!   given/when/then tests;
//! - [`codec`]: how account events are stored (protobuf; no personal data);
//! - [`grpc`]: the `SavingsService` API;
//! - [`settings`]: the incentive rule from configuration.

pub mod codec;
pub mod convert;
pub mod domain;
pub mod grpc;
pub mod settings;

pub use grpc::SavingsApi;
