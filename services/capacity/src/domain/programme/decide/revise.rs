//! Revising a programme's terms (a new curriculum, another pass mark).

use berdaya_domain::DomainError;

use super::super::{Programme, ProgrammeEvent, ReviseProgramme};
use crate::domain::check::{invalid, not_before};

/// Revises an open programme's terms to a new version; cohorts already scheduled keep
/// the version they were scheduled under.
pub(super) fn revise(
    state: &Programme,
    command: &ReviseProgramme,
) -> Result<Vec<ProgrammeEvent>, DomainError> {
    if command.note.trim().is_empty() {
        return invalid("note", "is required: say what changed");
    }
    command.terms.check()?;
    if state.terms.as_ref() == Some(&command.terms) {
        return Err(DomainError::rule("", "the terms are unchanged"));
    }
    if let Some(last) = state.last_changed_on {
        not_before(
            "revised_on",
            command.revised_on,
            last,
            "the programme's last change",
        )?;
    }
    Ok(vec![ProgrammeEvent::Revised {
        terms_version: state.terms_version + 1,
        terms: command.terms.clone(),
        revised_on: command.revised_on,
        note: command.note.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::ProgrammeStanding;
    use crate::domain::fixtures::*;
    use crate::domain::programme::fixtures::*;
    use crate::domain::programme::*;

    fn revise(terms: ProgrammeTerms, on: &str, note: &str) -> ProgrammeCommand {
        ProgrammeCommand::Revise(ReviseProgramme {
            terms,
            revised_on: date(on),
            note: note.to_owned(),
        })
    }

    fn stricter() -> ProgrammeTerms {
        ProgrammeTerms {
            required_attendance_percent: 90,
            ..terms()
        }
    }

    #[test]
    fn a_revision_makes_the_next_version_the_offer() {
        let state = Given::<Programme>::new(defined())
            .when(&revise(stricter(), "2026-06-01", "kehadiran 90%"))
            .then(vec![ProgrammeEvent::Revised {
                terms_version: 2,
                terms: stricter(),
                revised_on: date("2026-06-01"),
                note: "kehadiran 90%".to_owned(),
            }]);
        let ProgrammeStanding::Open(offer) = state.facts(programme_id()).standing else {
            panic!("expected an open programme");
        };
        assert_eq!(offer.terms_version, 2);
        assert_eq!(offer.terms.required_attendance_percent, 90);
    }

    #[test]
    fn unchanged_terms_are_refused() {
        let error = Given::<Programme>::new(defined())
            .when(&revise(terms(), "2026-06-01", "sama"))
            .then_error();
        assert_eq!(rule_field(error), "");
    }

    #[test]
    fn a_revision_says_what_changed() {
        let error = Given::<Programme>::new(defined())
            .when(&revise(stricter(), "2026-06-01", ""))
            .then_error();
        assert_eq!(invalid_field(error), "note");
    }

    #[test]
    fn revised_terms_are_checked_like_new_ones() {
        let mut bad = stricter();
        bad.modules.clear();
        let error = Given::<Programme>::new(defined())
            .when(&revise(bad, "2026-06-01", "kosong"))
            .then_error();
        assert_eq!(invalid_field(error), "modules");
    }

    #[test]
    fn a_revision_dated_before_the_definition_is_refused() {
        let error = Given::<Programme>::new(defined())
            .when(&revise(stricter(), "2026-01-01", "kehadiran 90%"))
            .then_error();
        assert_eq!(rule_field(error), "revised_on");
    }

    #[test]
    fn a_retired_programme_is_not_revised() {
        let error = Given::<Programme>::new(retired())
            .when(&revise(stricter(), "2027-01-05", "kehadiran 90%"))
            .then_error();
        assert_eq!(rule_field(error), "programme_id");
    }
}
