//! The context kit's runtime.
//!
//! Berdaya is one binary with many roles. Every bounded context (households, enterprise,
//! reporting, ...) is one service crate that exports one value implementing [`Module`]:
//! what it is ([`Context`]), what it serves, which settings sections it owns, and how it
//! starts in either mode ([`Mode`]). `berdaya up` starts every module in one process on
//! SQLite; `berdaya serve --service <context>` starts one on PostgreSQL. Health,
//! reflection, the reporting projection's sources, the settings sections and the deploy
//! check all iterate the same list of modules, so adding a context is its crate plus one
//! line in that list (see `docs/adding-a-context.md`).

pub mod context;
pub mod module;

pub use context::Context;
pub use module::{Auth, DemoSeed, Env, Grpc, Mode, Module, Running, Sections};
