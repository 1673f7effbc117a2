//! Writing a note on an open case. A confidential note is written only by those who may
//! read it: the case team and the region's supervisors. Its text, like every note's, is
//! personal data of the case's subject.

use berdaya_domain::DomainError;

use super::{open, required};
use crate::domain::case::{AddNote, AdvocacyCase, CaseEvent, confidential_read_role};

/// Decides `AddNote`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AddNote,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if state.note(command.note_id).is_some() {
        return Err(DomainError::already_exists(
            "note_id",
            "this note is already written",
        ));
    }
    required("text", &command.text)?;
    if state.personal_data_erased {
        return Err(DomainError::rule(
            "case_id",
            "the case's personal data was erased: notes can no longer be written on it",
        ));
    }
    let author_role = if command.confidential {
        confidential_read_role(&state.team, &command.author).ok_or_else(|| {
            DomainError::rule(
                "confidential",
                "only the case team and the region's supervisors may write a confidential note: they alone may read it",
            )
        })?
    } else {
        command.author.primary_role()
    };
    Ok(vec![CaseEvent::NoteAdded {
        note_id: command.note_id,
        author: command.author.subject.clone(),
        author_role,
        written_at: command.written_at,
        confidential: command.confidential,
        subject_id: state.subject_id.unwrap_or_default(),
        text: Some(command.text.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_team_caseworker_writes_a_confidential_note() {
        let case = Given::<AdvocacyCase>::new(reported())
            .when(&note(
                1,
                caller("pendamping-ani", ActorRole::Caseworker),
                true,
            ))
            .then(vec![CaseEvent::NoteAdded {
                note_id: id(901),
                author: "pendamping-ani".to_owned(),
                author_role: ActorRole::Caseworker,
                written_at: at("2026-03-05T09:30:00Z"),
                confidential: true,
                subject_id: subject_id(),
                text: Some("Ibu Siti takut diintimidasi oleh perangkat desa".to_owned()),
            }]);
        assert!(case.notes[0].confidential);
    }

    #[test]
    fn a_supervisor_writes_one_and_any_caseworker_of_the_region_an_ordinary_one() {
        Given::<AdvocacyCase>::new(reported())
            .when(&note(
                1,
                caller("supervisor-sri", ActorRole::Supervisor),
                true,
            ))
            .events();
        let events = Given::<AdvocacyCase>::new(reported())
            .when(&note(
                2,
                caller("pendamping-citra", ActorRole::Caseworker),
                false,
            ))
            .events();
        assert!(matches!(
            &events[0],
            CaseEvent::NoteAdded {
                confidential: false,
                ..
            }
        ));
    }

    #[test]
    fn a_caseworker_off_the_team_cannot_write_a_confidential_note() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&note(
                1,
                caller("pendamping-citra", ActorRole::Caseworker),
                true,
            ))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "confidential"));
    }

    #[test]
    fn a_note_needs_text_and_a_fresh_id_and_an_open_case() {
        let ani = || caller("pendamping-ani", ActorRole::Caseworker);
        let CaseCommand::AddNote(mut blank) = note(1, ani(), false) else {
            unreachable!()
        };
        blank.text = String::new();
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&CaseCommand::AddNote(blank))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "text"));
        let history = run(reported(), vec![note(1, ani(), false)]);
        let error = Given::<AdvocacyCase>::new(history)
            .when(&note(1, ani(), false))
            .then_error();
        assert!(matches!(&error, DomainError::AlreadyExists { field, .. } if field == "note_id"));
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&note(2, ani(), false))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("reopen it first"))
        );
    }
}
