//! Adding a value, norm or practice to the vocabulary.

use berdaya_domain::DomainError;

use super::super::{AddTerm, Vocabulary, VocabularyEvent};
use super::name_free;
use crate::domain::check::invalid;

/// Adds a term; its id is new and its name unique among active terms.
pub(super) fn add_term(
    state: &Vocabulary,
    command: &AddTerm,
) -> Result<Vec<VocabularyEvent>, DomainError> {
    if command.name.trim().is_empty() {
        return invalid("name", "is required");
    }
    if state.term(command.term_id).is_some() {
        return Err(DomainError::already_exists(
            "term_id",
            "a term with this id is already in the vocabulary",
        ));
    }
    name_free(state, &command.name, None)?;
    Ok(vec![VocabularyEvent::TermAdded {
        term_id: command.term_id,
        name: command.name.clone(),
        kind: command.kind,
        description: command.description.clone(),
        region: command.region.clone(),
        added_on: command.added_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::TermStanding;
    use crate::domain::fixtures::*;
    use crate::domain::vocabulary::fixtures::*;
    use crate::domain::vocabulary::*;

    #[test]
    fn a_province_adds_a_local_practice() {
        let subak = id(702);
        let command = VocabularyCommand::AddTerm(AddTerm {
            term_id: subak,
            name: "subak".to_owned(),
            kind: TermKind::Practice,
            description: "koperasi irigasi sawah Bali".to_owned(),
            region: Some(region("51")),
            added_on: date("2026-02-01"),
        });
        let state = Given::<Vocabulary>::new(vocabulary())
            .when(&command)
            .then(vec![VocabularyEvent::TermAdded {
                term_id: subak,
                name: "subak".to_owned(),
                kind: TermKind::Practice,
                description: "koperasi irigasi sawah Bali".to_owned(),
                region: Some(region("51")),
                added_on: date("2026-02-01"),
            }]);
        assert_eq!(
            state.facts(subak).standing,
            TermStanding::Active {
                kind: TermKind::Practice
            }
        );
    }

    #[test]
    fn a_name_an_active_term_carries_is_refused_whatever_its_case_and_spacing() {
        let error = Given::<Vocabulary>::new(vocabulary())
            .when(&add(id(702), "Gotong  Royong", TermKind::Value))
            .then_error();
        assert_eq!(duplicate_field(error), "name");
    }

    #[test]
    fn a_retired_terms_name_may_be_used_again() {
        Given::<Vocabulary>::new(amanah_retired())
            .when(&add(id(702), "amanah", TermKind::Value))
            .events();
    }

    #[test]
    fn an_id_already_used_is_refused() {
        let error = Given::<Vocabulary>::new(amanah_retired())
            .when(&add(amanah(), "kejujuran", TermKind::Value))
            .then_error();
        assert_eq!(duplicate_field(error), "term_id");
    }

    #[test]
    fn a_name_is_required() {
        let error = Given::<Vocabulary>::nothing()
            .when(&add(id(702), " ", TermKind::Value))
            .then_error();
        assert_eq!(invalid_field(error), "name");
    }
}
