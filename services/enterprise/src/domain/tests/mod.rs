//! The enterprise rule that is no command's (group health) as given/when/then, with no
//! I/O, the givens every test shares, and the edge cases mutation testing asked for
//! (stage criteria, finance, membership, support); each command's own rules are tested
//! next to it, under `decide/` and `support/decide/`.

mod criteria;
mod finance;
pub(crate) mod fixtures;
mod health;
mod membership;
mod support;
