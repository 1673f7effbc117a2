//! The enterprise rule that is no command's (group health) as given/when/then, with no
//! I/O, and the givens every test shares (each command's rules are tested next to it,
//! under `decide/` and `support/decide/`).

pub(crate) mod fixtures;
mod health;
