//! Validated Indonesian identifiers and the small value types every context shares.
//!
//! Validation returns a [`FieldViolation`](crate::FieldViolation) with an empty field
//! name; the caller nests it under the request field (`head.nik`).

mod date;
mod kk;
mod nik;
mod region;

pub use date::{RankingRound, parse_date};
pub use kk::KkNumber;
pub use nik::{Nik, Sex};
pub use region::RegionCode;
