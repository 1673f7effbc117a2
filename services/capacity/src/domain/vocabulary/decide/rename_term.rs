//! Renaming a vocabulary term; what it tags keeps the tag.

use berdaya_domain::DomainError;

use super::super::{RenameTerm, Vocabulary, VocabularyEvent};
use super::{active_term, name_free};
use crate::domain::check::{invalid, not_before};

/// Renames an active term to a name no other active term carries.
pub(super) fn rename_term(
    state: &Vocabulary,
    command: &RenameTerm,
) -> Result<Vec<VocabularyEvent>, DomainError> {
    if command.name.trim().is_empty() {
        return invalid("name", "is required");
    }
    let term = active_term(state, "term_id", command.term_id)?;
    if term.name == command.name {
        return Err(DomainError::rule("name", "is already the term's name"));
    }
    name_free(state, &command.name, Some(command.term_id))?;
    not_before(
        "renamed_on",
        command.renamed_on,
        term.added_on,
        "the term was added",
    )?;
    Ok(vec![VocabularyEvent::TermRenamed {
        term_id: command.term_id,
        name: command.name.clone(),
        previous_name: term.name.clone(),
        renamed_on: command.renamed_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use uuid::Uuid;

    use crate::domain::fixtures::*;
    use crate::domain::vocabulary::fixtures::*;
    use crate::domain::vocabulary::*;

    fn rename(term_id: Uuid, name: &str, on: &str) -> VocabularyCommand {
        VocabularyCommand::RenameTerm(RenameTerm {
            term_id,
            name: name.to_owned(),
            renamed_on: date(on),
        })
    }

    #[test]
    fn a_renamed_term_keeps_its_id() {
        let state = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(gotong_royong(), "Gotong Royong", "2026-02-01"))
            .then(vec![VocabularyEvent::TermRenamed {
                term_id: gotong_royong(),
                name: "Gotong Royong".to_owned(),
                previous_name: "gotong royong".to_owned(),
                renamed_on: date("2026-02-01"),
            }]);
        assert_eq!(state.term(gotong_royong()).unwrap().name, "Gotong Royong");
    }

    #[test]
    fn another_active_terms_name_is_refused() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(gotong_royong(), "AMANAH", "2026-02-01"))
            .then_error();
        assert_eq!(duplicate_field(error), "name");
    }

    #[test]
    fn the_same_name_is_refused() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(gotong_royong(), "gotong royong", "2026-02-01"))
            .then_error();
        assert_eq!(rule_field(error), "name");
    }

    #[test]
    fn a_retired_term_is_not_renamed() {
        let error = Given::<Vocabulary>::new(amanah_retired())
            .when(&rename(amanah(), "sifat amanah", "2026-04-01"))
            .then_error();
        assert_eq!(rule_field(error), "term_id");
    }

    #[test]
    fn an_unknown_term_is_not_found() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(id(999), "x", "2026-04-01"))
            .then_error();
        assert!(not_found(error).contains("term_id"));
    }

    #[test]
    fn a_blank_name_and_a_date_before_the_term_are_refused() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(gotong_royong(), "", "2026-02-01"))
            .then_error();
        assert_eq!(invalid_field(error), "name");
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&rename(gotong_royong(), "kerja bakti", "2026-01-01"))
            .then_error();
        assert_eq!(rule_field(error), "renamed_on");
    }
}
