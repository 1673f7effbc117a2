//! The enterprise context of Berdaya (strategy 2, Pengembangan Usaha Kewirausahaan):
//! KUBE joint business groups, their grants, stages and monthly progress, and individual
//! entrepreneurship support for households outside a group.
//!
//! - [`domain`]: the KUBE group and support aggregates, pure rules with given/when/then
//!   tests;
//! - [`codec`]: how their events are stored (protobuf, `berdaya.enterprise.v1`);
//! - [`views`]: read models in the enterprise database: the local view of registry
//!   households (fed by household events) and the group index behind the list queries;
//! - [`grpc`]: the `EnterpriseService` API;
//! - [`settings`]: the `[enterprise]` configuration section.

pub mod codec;
pub mod convert;
mod demo;
pub mod domain;
pub mod grpc;
pub mod module;
pub mod settings;
pub mod views;

pub use grpc::EnterpriseApi;
pub use module::MODULE;
