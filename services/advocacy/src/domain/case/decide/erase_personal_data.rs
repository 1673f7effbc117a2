//! Erasing a case's personal data (UU PDP 27/2022 right to deletion; admin only at the
//! edge): the reporter, the account, the assessment's facts and every note's text are
//! sealed under the case's data subject, and destroying that key erases them all while
//! the history and its hashes stay intact. Allowed on closed cases too.

use berdaya_domain::DomainError;

use super::required;
use crate::domain::case::{AdvocacyCase, CaseEvent, ErasePersonalData};

/// Decides `ErasePersonalData`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &ErasePersonalData,
) -> Result<Vec<CaseEvent>, DomainError> {
    required("reason", &command.reason)?;
    if state.personal_data_erased {
        return Err(DomainError::rule(
            "case_id",
            "the case's personal data is already erased",
        ));
    }
    let Some(subject_id) = state.subject_id else {
        return Err(DomainError::not_found("advocacy case"));
    };
    Ok(vec![CaseEvent::PersonalDataErased {
        subject_ids: vec![subject_id],
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn erase() -> CaseCommand {
        CaseCommand::ErasePersonalData(ErasePersonalData {
            reason: "permintaan subjek data".to_owned(),
        })
    }

    #[test]
    fn erasure_forgets_the_reporter_the_facts_and_every_note_text() {
        let history = run(
            assessed(),
            vec![note(
                1,
                caller("pendamping-ani", ActorRole::Caseworker),
                true,
            )],
        );
        let case = Given::<AdvocacyCase>::new(history)
            .when(&erase())
            .then(vec![CaseEvent::PersonalDataErased {
                subject_ids: vec![subject_id()],
                reason: "permintaan subjek data".to_owned(),
            }]);
        assert!(case.personal_data_erased);
        assert_eq!(case.details, None);
        assert_eq!(case.assessment.unwrap().facts, None);
        assert_eq!(case.notes[0].text, None);
        assert_eq!(case.notes[0].author, "pendamping-ani");
    }

    #[test]
    fn a_case_is_erased_once_and_with_a_reason() {
        let history = run(resolved(), vec![erase()]);
        let error = Given::<AdvocacyCase>::new(history)
            .when(&erase())
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("already erased"))
        );
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&CaseCommand::ErasePersonalData(ErasePersonalData {
                reason: String::new(),
            }))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reason"));
    }

    #[test]
    fn an_erased_case_replayed_from_events_that_read_as_none_is_erased() {
        // What the codec hands back once the key is gone: the sealed fields as `None`.
        let mut history = reported();
        if let CaseEvent::Reported { details, .. } = &mut history[0] {
            *details = None;
        }
        assert!(state(&history).personal_data_erased);
    }
}
