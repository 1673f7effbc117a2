//! The capacity context of Berdaya: strategy 6 (Penguatan Kapasitas SDM Kelembagaan,
//! raising the professionalism of everyone who runs the programme) and strategy 7
//! (Aktualisasi Nilai-Nilai Spiritualitas dan Kearifan Lokal, bringing religious values
//! and customary norms into the programme).
//!
//! For now the crate is its pure domain ([`domain`]): aggregates with given/when/then
//! tests and the pure calculations (competency, caseload) the queries need. The gRPC
//! service, codec, storage and reporting are added on the shared context kit; the public
//! API they implement is `proto/berdaya/capacity/v1`.

#![warn(missing_docs)]

pub mod domain;
