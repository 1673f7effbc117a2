//! Retiring a vocabulary term: it tags nothing new from then on.

use berdaya_domain::DomainError;

use super::super::{RetireTerm, Vocabulary, VocabularyEvent};
use super::active_term;
use crate::domain::check::{invalid, not_before};

/// Retires an active term, optionally naming the active term that replaces it.
pub(super) fn retire_term(
    state: &Vocabulary,
    command: &RetireTerm,
) -> Result<Vec<VocabularyEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    if command.replaced_by_term_id == Some(command.term_id) {
        return invalid("replaced_by_term_id", "a term cannot replace itself");
    }
    let term = active_term(state, "term_id", command.term_id)?;
    if let Some(replacement) = command.replaced_by_term_id {
        active_term(state, "replaced_by_term_id", replacement)?;
    }
    not_before(
        "retired_on",
        command.retired_on,
        term.added_on,
        "the term was added",
    )?;
    Ok(vec![VocabularyEvent::TermRetired {
        term_id: command.term_id,
        retired_on: command.retired_on,
        reason: command.reason.clone(),
        replaced_by_term_id: command.replaced_by_term_id,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use uuid::Uuid;

    use crate::domain::facts::TermStanding;
    use crate::domain::fixtures::*;
    use crate::domain::vocabulary::fixtures::*;
    use crate::domain::vocabulary::*;

    fn retire(term_id: Uuid, replaced_by_term_id: Option<Uuid>) -> VocabularyCommand {
        VocabularyCommand::RetireTerm(RetireTerm {
            term_id,
            reason: "digabung".to_owned(),
            replaced_by_term_id,
            retired_on: date("2026-03-01"),
        })
    }

    #[test]
    fn a_retired_term_stands_retired_for_new_tags() {
        let state = Given::<Vocabulary>::new(vocabulary())
            .when(&retire(amanah(), None))
            .then(amanah_retired()[2..].to_vec());
        assert_eq!(
            state.facts(amanah()).standing,
            TermStanding::Retired {
                retired_on: date("2026-03-01")
            }
        );
    }

    #[test]
    fn a_replacement_must_be_another_active_term() {
        Given::<Vocabulary>::new(vocabulary())
            .when(&retire(amanah(), Some(gotong_royong())))
            .events();
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&retire(amanah(), Some(amanah())))
            .then_error();
        assert_eq!(invalid_field(error), "replaced_by_term_id");
        let error = Given::<Vocabulary>::new(amanah_retired())
            .when(&retire(gotong_royong(), Some(amanah())))
            .then_error();
        assert_eq!(rule_field(error), "replaced_by_term_id");
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&retire(amanah(), Some(id(999))))
            .then_error();
        assert!(not_found(error).contains("replaced_by_term_id"));
    }

    #[test]
    fn retiring_twice_is_refused() {
        let error = Given::<Vocabulary>::new(amanah_retired())
            .when(&retire(amanah(), None))
            .then_error();
        assert_eq!(rule_field(error), "term_id");
    }

    #[test]
    fn a_reason_is_required() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&VocabularyCommand::RetireTerm(RetireTerm {
                term_id: amanah(),
                reason: String::new(),
                replaced_by_term_id: None,
                retired_on: date("2026-03-01"),
            }))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }

    #[test]
    fn a_retirement_before_the_term_was_added_is_refused() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&VocabularyCommand::RetireTerm(RetireTerm {
                term_id: amanah(),
                reason: "salah".to_owned(),
                replaced_by_term_id: None,
                retired_on: date("2026-01-01"),
            }))
            .then_error();
        assert_eq!(rule_field(error), "retired_on");
    }

    #[test]
    fn an_unknown_term_is_not_found() {
        let error = Given::<Vocabulary>::nothing()
            .when(&retire(amanah(), None))
            .then_error();
        assert!(not_found(error).contains("term_id"));
    }
}
