//! Shared givens for the case's rules, and the tests that span commands: the lifecycle's
//! transition table.

pub(crate) mod fixtures;
mod lifecycle;
