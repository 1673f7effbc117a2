//! Givens for the vocabulary: gotong royong (a practice) and amanah (a value).

use crate::domain::fixtures::{date, id};
use crate::domain::vocabulary::*;

pub(crate) fn gotong_royong() -> uuid::Uuid {
    id(700)
}

pub(crate) fn amanah() -> uuid::Uuid {
    id(701)
}

pub(crate) fn add(term_id: uuid::Uuid, name: &str, kind: TermKind) -> VocabularyCommand {
    VocabularyCommand::AddTerm(AddTerm {
        term_id,
        name: name.to_owned(),
        kind,
        description: String::new(),
        region: None,
        added_on: date("2026-01-02"),
    })
}

pub(crate) fn added(term_id: uuid::Uuid, name: &str, kind: TermKind) -> VocabularyEvent {
    VocabularyEvent::TermAdded {
        term_id,
        name: name.to_owned(),
        kind,
        description: String::new(),
        region: None,
        added_on: date("2026-01-02"),
    }
}

/// Gotong royong and amanah, both active.
pub(crate) fn vocabulary() -> Vec<VocabularyEvent> {
    vec![
        added(gotong_royong(), "gotong royong", TermKind::Practice),
        added(amanah(), "amanah", TermKind::Value),
    ]
}

/// Both, with amanah retired on 2026-03-01.
pub(crate) fn amanah_retired() -> Vec<VocabularyEvent> {
    let mut events = vocabulary();
    events.push(VocabularyEvent::TermRetired {
        term_id: amanah(),
        retired_on: date("2026-03-01"),
        reason: "digabung".to_owned(),
        replaced_by_term_id: None,
    });
    events
}
