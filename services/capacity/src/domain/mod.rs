//! The capacity context's aggregates and pure calculations: rules only, no I/O.
//!
//! Strategy 6, people and their training:
//! - [`Person`]: someone who runs the programme (government staff, a facilitator
//!   (pendamping), an organisation's or business's representative, a recipient acting as a
//!   cadre, a religious or customary leader) with role, organisation and region. A
//!   person's id is what households and enterprise events call `facilitator_id`.
//! - [`Programme`]: a capacity-building programme by method, with curriculum modules,
//!   required attendance share, pass mark and the certificate it leads to.
//! - [`Cohort`]: one run of a programme: sessions, trainers, participants, attendance,
//!   assessment and completion.
//! - [`Certificate`]: issued on completion (or an outside certificate recognised),
//!   renewed, revoked; valid or expired as of a date.
//! - [`competencies`] and [`facilitator_loads`] / [`region_capacity`]: what a person is
//!   competent in, and where facilitators carry more than the configured caseload.
//!
//! Strategy 7, spiritual values and local wisdom:
//! - [`Activity`]: a religious guidance session, gotong royong, adat deliberation or a
//!   mutual-aid tradition, with the leaders involved, the households reached and the
//!   values or norms applied;
//! - [`Vocabulary`]: the reference list of values, norms and practices activities are
//!   tagged with, kept as events so a province can extend it.
//!
//! Facts from other aggregates and contexts (a person's standing, a trainer's
//! certificates, a household's standing, a value's status) are looked up at the edge and
//! passed in commands (see [`facts`]), so deciding stays pure.

pub mod activity;
pub mod caseload;
pub mod certificate;
mod check;
pub mod cohort;
pub mod competency;
pub mod facts;
pub mod person;
pub mod programme;
pub mod roles;
pub mod vocabulary;

#[cfg(test)]
pub(crate) mod fixtures;

pub use activity::Activity;
pub use caseload::{CaseloadRules, facilitator_loads, region_capacity};
pub use certificate::Certificate;
pub use cohort::Cohort;
pub use competency::competencies;
pub use person::Person;
pub use programme::Programme;
pub use vocabulary::Vocabulary;
