//! The shared domain kernel of Berdaya.
//!
//! Everything here is pure: no database, no network, no clock. Services build their
//! aggregates on [`Aggregate`], report rule violations as [`DomainError`], and validate
//! Indonesian identifiers with the types in [`id`].

pub mod aggregate;
pub mod dates;
pub mod error;
pub mod id;
pub mod money;
pub mod month;

pub use aggregate::Aggregate;
pub use dates::not_before;
pub use error::{DomainError, FieldViolation};
pub use money::Rupiah;
pub use month::Month;
