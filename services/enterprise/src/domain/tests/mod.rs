//! The enterprise rules that are not one group command's (group health, the support
//! record) as given/when/then, with no I/O, and the givens every test shares (each
//! group command's rules are tested next to it, under `decide/`).

pub(crate) mod fixtures;
mod health;
mod support;
