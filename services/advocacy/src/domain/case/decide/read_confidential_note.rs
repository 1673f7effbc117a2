//! Reading the text of a confidential note: allowed to the case team and the region's
//! supervisors only, and recorded as `ConfidentialNoteRead` (who read what, when). The
//! edge asks [`note_access`](crate::domain::note_access) first, to answer a refused
//! reader with `PERMISSION_DENIED`; this rule refuses them too, so no path records a read
//! that should not happen. Reads are allowed on closed cases.

use berdaya_domain::DomainError;

use crate::domain::case::{AdvocacyCase, CaseEvent, ReadConfidentialNote, confidential_read_role};

/// Decides `ReadConfidentialNote`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &ReadConfidentialNote,
) -> Result<Vec<CaseEvent>, DomainError> {
    let note = state
        .note(command.note_id)
        .ok_or_else(|| DomainError::not_found(format!("note {}", command.note_id)))?;
    if !note.confidential {
        return Err(DomainError::rule(
            "note_id",
            "the note is not confidential: its text comes with the case",
        ));
    }
    let Some(reader_role) = confidential_read_role(&state.team, &command.reader) else {
        return Err(DomainError::rule(
            "note_id",
            "only the case team and the region's supervisors may read this note",
        ));
    };
    if note.text.is_none() {
        return Err(DomainError::rule(
            "note_id",
            "the note's text was erased with the case's personal data",
        ));
    }
    Ok(vec![CaseEvent::ConfidentialNoteRead {
        note_id: command.note_id,
        reader: command.reader.subject.clone(),
        reader_role,
        read_at: command.read_at,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn with_notes() -> Vec<CaseEvent> {
        let ani = || caller("pendamping-ani", ActorRole::Caseworker);
        run(
            in_action(),
            vec![note(1, ani(), true), note(2, ani(), false)],
        )
    }

    fn read(n: u128, reader: Caller) -> CaseCommand {
        CaseCommand::ReadConfidentialNote(ReadConfidentialNote {
            note_id: id(900 + n),
            reader,
            read_at: at("2026-03-06T10:00:00Z"),
        })
    }

    #[test]
    fn the_case_team_and_supervisors_read_and_each_read_is_recorded() {
        for (reader, role) in [
            (
                caller("pendamping-ani", ActorRole::Caseworker),
                ActorRole::Caseworker,
            ),
            (
                caller("supervisor-sri", ActorRole::Supervisor),
                ActorRole::Supervisor,
            ),
        ] {
            let subject = reader.subject.clone();
            let case = Given::<AdvocacyCase>::new(with_notes())
                .when(&read(1, reader))
                .then(vec![CaseEvent::ConfidentialNoteRead {
                    note_id: id(901),
                    reader: subject.clone(),
                    reader_role: role,
                    read_at: at("2026-03-06T10:00:00Z"),
                }]);
            assert_eq!(case.note_reads[0].reader, subject);
        }
    }

    /// The rest of the role matrix: refused, and nothing recorded.
    #[test]
    fn other_caseworkers_auditors_and_outsiders_are_refused() {
        let outsider = Caller {
            covers_case_region: false,
            ..caller("supervisor-jatim", ActorRole::Supervisor)
        };
        for reader in [
            caller("pendamping-citra", ActorRole::Caseworker),
            caller("auditor-inspektorat", ActorRole::Auditor),
            caller("admin-ops", ActorRole::Admin),
            caller("dtsen-sync", ActorRole::Integration),
            outsider,
        ] {
            let error = Given::<AdvocacyCase>::new(with_notes())
                .when(&read(1, reader.clone()))
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { field, .. } if field == "note_id"),
                "{reader:?}: {error:?}"
            );
        }
    }

    #[test]
    fn a_closed_case_keeps_its_notes_readable_by_the_team() {
        let history = run(with_notes(), vec![resolve("2026-03-20")]);
        Given::<AdvocacyCase>::new(history)
            .when(&read(1, caller("pendamping-ani", ActorRole::Caseworker)))
            .events();
    }

    #[test]
    fn an_unknown_or_ordinary_note_is_not_a_confidential_read() {
        let ani = || caller("pendamping-ani", ActorRole::Caseworker);
        let error = Given::<AdvocacyCase>::new(with_notes())
            .when(&read(7, ani()))
            .then_error();
        assert!(
            matches!(&error, DomainError::NotFound { what } if what.contains(&id(907).to_string()))
        );
        let error = Given::<AdvocacyCase>::new(with_notes())
            .when(&read(2, ani()))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not confidential"))
        );
    }

    #[test]
    fn an_erased_note_has_nothing_to_read() {
        let history = run(
            with_notes(),
            vec![CaseCommand::ErasePersonalData(ErasePersonalData {
                reason: "permintaan subjek data".to_owned(),
            })],
        );
        let error = Given::<AdvocacyCase>::new(history)
            .when(&read(1, caller("pendamping-ani", ActorRole::Caseworker)))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("erased")));
    }
}
