//! The enterprise rules as given/when/then, with no I/O.

mod criteria;
mod finance;
pub(crate) mod fixtures;
mod health;
mod membership;
mod stage;
mod support;
