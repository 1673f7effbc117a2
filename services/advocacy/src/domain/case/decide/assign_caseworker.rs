//! Putting a caseworker on the case team: the team reads the case's confidential notes.

use berdaya_domain::DomainError;

use super::{open, required, since_opened};
use crate::domain::case::{AdvocacyCase, AssignCaseworker, CaseEvent};

/// Decides `AssignCaseworker`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AssignCaseworker,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    required("caseworker_id", &command.caseworker_id)?;
    if state.team.contains(&command.caseworker_id) {
        return Err(DomainError::already_exists(
            "caseworker_id",
            format!("{} is already on the case team", command.caseworker_id),
        ));
    }
    since_opened(state, "assigned_on", command.assigned_on)?;
    Ok(vec![CaseEvent::CaseworkerAssigned {
        caseworker_id: command.caseworker_id.clone(),
        assigned_on: command.assigned_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn assign(who: &str) -> CaseCommand {
        CaseCommand::AssignCaseworker(AssignCaseworker {
            caseworker_id: who.to_owned(),
            assigned_on: date("2026-03-04"),
        })
    }

    #[test]
    fn a_caseworker_joins_the_team() {
        let case = Given::<AdvocacyCase>::new(reported())
            .when(&assign("pendamping-budi"))
            .then(vec![CaseEvent::CaseworkerAssigned {
                caseworker_id: "pendamping-budi".to_owned(),
                assigned_on: date("2026-03-04"),
            }]);
        assert_eq!(case.team, ["pendamping-ani", "pendamping-budi"]);
    }

    #[test]
    fn a_team_member_is_not_assigned_twice() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&assign("pendamping-ani"))
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { field, .. } if field == "caseworker_id")
        );
    }

    #[test]
    fn nobody_is_assigned_to_a_resolved_case() {
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&assign("pendamping-budi"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("resolved")));
    }
}
