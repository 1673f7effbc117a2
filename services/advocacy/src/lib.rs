//! The advocacy context of Berdaya (strategy 5, Advokasi Sosial): protecting and
//! defending the basic rights of poor households that others have violated, above all
//! their access to basic social services, by involving the households in policy making,
//! hearings (audiensi), public dialogue, campaigns and social action.
//!
//! - [`domain`]: the advocacy case aggregate, its reference data (the rights a case can
//!   be about), its service-level deadlines and the confidentiality of its notes: pure
//!   rules with given/when/then tests, no I/O.
//!
//! The gRPC service, codec, storage and reporting are added on the shared context kit;
//! the public API they implement is `proto/berdaya/advocacy/v1`.

pub mod domain;
