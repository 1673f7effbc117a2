//! A local-wisdom activity (strategy 7), as its events make it: religious guidance,
//! gotong royong, adat deliberation or a mutual-aid tradition (arisan, jimpitan, lumbung
//! and others), brought into the programme through study (pengkajian), guidance
//! (bimbingan) or practice, with the leaders involved, the desa adat or community, the
//! households reached and the values or norms applied. One aggregate per activity.

mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

/// What kind of activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityKind {
    /// Religious guidance (bimbingan rohani): a majelis taklim, a church or temple group.
    ReligiousGuidance,
    /// Gotong royong: communal work.
    GotongRoyong,
    /// Adat deliberation (musyawarah adat) under customary law.
    AdatDeliberation,
    /// Arisan: rotating savings.
    Arisan,
    /// Jimpitan: a spoonful of rice per house per night, gathered for the needy.
    Jimpitan,
    /// Lumbung: a village grain store.
    Lumbung,
    /// Another mutual-aid tradition (subak, sasi, ...), named by a practice term.
    OtherMutualAid,
}

/// How the activity brings values into the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Approach {
    /// Pengkajian: study of the values and norms.
    Study,
    /// Bimbingan: guidance.
    Guidance,
    /// Practice (pengamalan): living them.
    Practice,
}

/// Where the activity was held: a desa adat, or a community in a village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Community {
    /// A desa adat (customary village): its village code's village part starts with 3.
    DesaAdat {
        /// The village code.
        village: RegionCode,
    },
    /// A community (a banjar, a nagari's suku, a majelis taklim, a neighbourhood) in a
    /// village or kelurahan.
    Group {
        /// The village code.
        village: RegionCode,
        /// The community's name.
        name: String,
    },
}

impl Community {
    /// The village it was held in.
    pub fn village(&self) -> &RegionCode {
        match self {
            Community::DesaAdat { village } | Community::Group { village, .. } => village,
        }
    }
}

/// True for a desa adat's code: a village code whose village part starts with 3.
pub fn is_desa_adat(code: &RegionCode) -> bool {
    code.depth() == 4 && code.as_str().as_bytes().get(9) == Some(&b'3')
}

/// Lifecycle of an activity record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivityStatus {
    /// No `Recorded` event yet.
    #[default]
    Unrecorded,
    /// Recorded.
    Recorded,
    /// Voided as recorded in error.
    Voided,
}

/// The activity aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// Stable id.
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: ActivityStatus,
    /// Kind.
    pub kind: Option<ActivityKind>,
    /// Approach.
    pub approach: Option<Approach>,
    /// Title.
    pub title: String,
    /// Where.
    pub community: Option<Community>,
    /// When.
    pub held_on: Option<NaiveDate>,
    /// Leaders involved.
    pub leader_person_ids: Vec<Uuid>,
    /// Households reached.
    pub household_ids: Vec<Uuid>,
    /// Others taking part.
    pub other_participants: u32,
    /// Values, norms and practices applied.
    pub value_ids: Vec<Uuid>,
    /// Notes.
    pub notes: String,
}

impl Aggregate for Activity {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::ACTIVITY;
    type Command = ActivityCommand;
    type Event = ActivityEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &ActivityCommand,
        _rules: &(),
    ) -> Result<Vec<ActivityEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &ActivityEvent) {
        match event {
            ActivityEvent::Recorded {
                activity_id,
                kind,
                approach,
                title,
                community,
                held_on,
                leader_person_ids,
                household_ids,
                other_participants,
                value_ids,
                notes,
            } => {
                self.id = Some(*activity_id);
                self.status = ActivityStatus::Recorded;
                self.kind = Some(*kind);
                self.approach = Some(*approach);
                self.title = title.clone();
                self.community = Some(community.clone());
                self.held_on = Some(*held_on);
                self.leader_person_ids = leader_person_ids.clone();
                self.household_ids = household_ids.clone();
                self.other_participants = *other_participants;
                self.value_ids = value_ids.clone();
                self.notes = notes.clone();
            }
            ActivityEvent::HouseholdsAdded { household_ids } => {
                self.household_ids.extend(household_ids);
            }
            ActivityEvent::ValuesTagged { value_ids } => self.value_ids.extend(value_ids),
            ActivityEvent::Voided { .. } => self.status = ActivityStatus::Voided,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::region;

    #[test]
    fn a_desa_adat_is_a_village_whose_part_starts_with_3() {
        assert!(is_desa_adat(&region("51.03.05.3001")));
        assert!(!is_desa_adat(&region("51.03.05.2001")));
        assert!(!is_desa_adat(&region("51.03.05")));
    }
}
