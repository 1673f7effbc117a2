//! The partnerships context of Berdaya (strategy 4, Kemitraan Sosial): cooperation with
//! businesses, banks, cooperatives and BMT, microfinance institutions, NGOs (LSM) and
//! social organisations (Orsos), universities, government agencies, religious and
//! community organisations and the media, so that poor families reach credit, markets,
//! transport, training, jobs and basic services.
//!
//! - [`domain`]: the partner, agreement (MoU / PKS), network and referral aggregates,
//!   pure rules with their given/when/then tests;
//! - [`codec`]: how their events are stored (protobuf, `berdaya.partnerships.v1`), the
//!   personal data of contact people and signatories sealed per person;
//! - [`views`]: what the service knows of registry households and KUBE groups, fed by
//!   the households and enterprise events;
//! - [`grpc`]: the four services of the API (`PartnersService`, `AgreementsService`,
//!   `NetworksService`, `ReferralsService`);
//! - [`settings`]: the `[partnerships]` configuration section.

#![warn(missing_docs)]

pub mod codec;
pub mod convert;
mod demo;
pub mod domain;
pub mod grpc;
pub mod module;
pub mod settings;
pub mod views;

pub use grpc::PartnershipsApi;
pub use module::MODULE;
