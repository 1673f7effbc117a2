//! The vocabulary's rules: one decision per command, each in its own file with its tests.

mod add_term;
mod rename_term;
mod retire_term;

use berdaya_domain::DomainError;
use uuid::Uuid;

use super::{Term, Vocabulary, VocabularyCommand, VocabularyEvent};

/// Decides a command against the vocabulary.
pub(super) fn decide(
    state: &Vocabulary,
    command: &VocabularyCommand,
) -> Result<Vec<VocabularyEvent>, DomainError> {
    match command {
        VocabularyCommand::AddTerm(add) => add_term::add_term(state, add),
        VocabularyCommand::RenameTerm(rename) => rename_term::rename_term(state, rename),
        VocabularyCommand::RetireTerm(retire) => retire_term::retire_term(state, retire),
    }
}

/// The active term `term_id`, or the refusal naming `field`.
fn active_term<'a>(
    state: &'a Vocabulary,
    field: &str,
    term_id: Uuid,
) -> Result<&'a Term, DomainError> {
    let term = state
        .term(term_id)
        .ok_or_else(|| DomainError::not_found(format!("value term {term_id} ({field})")))?;
    if let Some(retirement) = &term.retirement {
        return Err(DomainError::rule(
            field,
            format!("the term was retired on {}", retirement.retired_on),
        ));
    }
    Ok(term)
}

/// Refuses `name` when another active term carries it.
fn name_free(state: &Vocabulary, name: &str, except: Option<Uuid>) -> Result<(), DomainError> {
    match state.active_named(name, except) {
        Some(other) => Err(DomainError::already_exists(
            "name",
            format!(
                "the active term {} is already named {:?}",
                other.term_id, other.name
            ),
        )),
        None => Ok(()),
    }
}
