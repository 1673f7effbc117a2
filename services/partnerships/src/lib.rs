//! The partnerships context of Berdaya (strategy 4, Kemitraan Sosial): cooperation with
//! businesses, banks, cooperatives and BMT, microfinance institutions, NGOs (LSM) and
//! social organisations (Orsos), universities, government agencies, religious and
//! community organisations and the media, so that poor families reach credit, markets,
//! transport, training, jobs and basic services.
//!
//! - [`domain`]: the partner, agreement (MoU / PKS), network and referral aggregates,
//!   pure rules with their given/when/then tests.
//!
//! The edge (gRPC service, codec, event store, views and reporting) is built on the
//! shared context kit; its public API is `proto/berdaya/partnerships/v1`.

#![warn(missing_docs)]

pub mod domain;
