//! Givens for the activity aggregate: a gotong royong in a Balinese desa adat, led by
//! its customary leader, reaching two households, applying gotong royong.

use uuid::Uuid;

use crate::domain::activity::*;
use crate::domain::facts::{TermFacts, TermStanding};
use crate::domain::fixtures::{active_person, date, household, id, region};
use crate::domain::roles::PersonRole;
use crate::domain::vocabulary::TermKind;
use crate::domain::vocabulary::fixtures::{amanah, gotong_royong};

pub(crate) fn activity_id() -> Uuid {
    id(800)
}

/// A desa adat of Bali.
pub(crate) fn desa_adat() -> Community {
    Community::DesaAdat {
        village: region("51.03.05.3001"),
    }
}

/// Person 410, an active customary leader.
pub(crate) fn customary_leader() -> crate::domain::facts::PersonFacts {
    active_person(410, PersonRole::CustomaryLeader)
}

/// Person 411, an active religious leader.
pub(crate) fn religious_leader() -> crate::domain::facts::PersonFacts {
    active_person(411, PersonRole::ReligiousLeader)
}

pub(crate) fn term(term_id: Uuid, kind: TermKind) -> TermFacts {
    TermFacts {
        term_id,
        standing: TermStanding::Active { kind },
    }
}

pub(crate) fn retired_term(term_id: Uuid) -> TermFacts {
    TermFacts {
        term_id,
        standing: TermStanding::Retired {
            retired_on: date("2026-03-01"),
        },
    }
}

pub(crate) fn record() -> RecordActivity {
    RecordActivity {
        activity_id: activity_id(),
        kind: ActivityKind::GotongRoyong,
        approach: Approach::Practice,
        title: "Gotong royong membersihkan saluran subak".to_owned(),
        community: desa_adat(),
        held_on: date("2026-04-12"),
        leaders: vec![customary_leader()],
        households: vec![household(1), household(2)],
        other_participants: 15,
        values: vec![term(gotong_royong(), TermKind::Practice)],
        notes: String::new(),
    }
}

pub(crate) fn recorded() -> Vec<ActivityEvent> {
    vec![ActivityEvent::Recorded {
        activity_id: activity_id(),
        kind: ActivityKind::GotongRoyong,
        approach: Approach::Practice,
        title: "Gotong royong membersihkan saluran subak".to_owned(),
        community: desa_adat(),
        held_on: date("2026-04-12"),
        leader_person_ids: vec![id(410)],
        household_ids: vec![id(1), id(2)],
        other_participants: 15,
        value_ids: vec![gotong_royong()],
        notes: String::new(),
    }]
}

/// Recorded, then voided.
pub(crate) fn voided() -> Vec<ActivityEvent> {
    let mut events = recorded();
    events.push(ActivityEvent::Voided {
        voided_on: date("2026-04-20"),
        reason: "tercatat ganda".to_owned(),
    });
    events
}

/// Amanah, the value the tests tag later.
pub(crate) fn amanah_term() -> TermFacts {
    term(amanah(), TermKind::Value)
}
