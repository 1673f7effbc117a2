//! The households context of Berdaya.
//!
//! - [`domain`]: the household aggregate, pure rules with given/when/then tests.

pub mod domain;
