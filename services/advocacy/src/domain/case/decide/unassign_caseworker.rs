//! Taking a caseworker off the case team: from then on they no longer read its
//! confidential notes.

use berdaya_domain::DomainError;

use super::{not_before, open, required};
use crate::domain::case::{AdvocacyCase, CaseEvent, UnassignCaseworker};

/// Decides `UnassignCaseworker`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &UnassignCaseworker,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if !state.team.contains(&command.caseworker_id) {
        return Err(DomainError::rule(
            "caseworker_id",
            format!("{} is not on the case team", command.caseworker_id),
        ));
    }
    required("reason", &command.reason)?;
    not_before(
        "unassigned_on",
        command.unassigned_on,
        state.reported_on,
        "the case was reported",
    )?;
    Ok(vec![CaseEvent::CaseworkerUnassigned {
        caseworker_id: command.caseworker_id.clone(),
        unassigned_on: command.unassigned_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn unassign(who: &str, reason: &str) -> CaseCommand {
        CaseCommand::UnassignCaseworker(UnassignCaseworker {
            caseworker_id: who.to_owned(),
            unassigned_on: date("2026-03-06"),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_caseworker_leaves_the_team_and_loses_access_to_confidential_notes() {
        let history = run(
            reported(),
            vec![note(
                1,
                caller("pendamping-ani", ActorRole::Caseworker),
                true,
            )],
        );
        let case = Given::<AdvocacyCase>::new(history)
            .when(&unassign("pendamping-ani", "mutasi ke kecamatan lain"))
            .then(vec![CaseEvent::CaseworkerUnassigned {
                caseworker_id: "pendamping-ani".to_owned(),
                unassigned_on: date("2026-03-06"),
                reason: "mutasi ke kecamatan lain".to_owned(),
            }]);
        assert!(case.team.is_empty());
        let former = caller("pendamping-ani", ActorRole::Caseworker);
        assert_eq!(
            case.note_access(&case.notes[0], &former),
            NoteAccess::Hidden
        );
    }

    #[test]
    fn someone_not_on_the_team_cannot_be_taken_off_it() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&unassign("pendamping-budi", "salah input"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "caseworker_id"));
    }

    #[test]
    fn a_reason_is_required() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&unassign("pendamping-ani", " "))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reason"));
    }
}
