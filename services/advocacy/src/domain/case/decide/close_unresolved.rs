//! Closing a case without a remedy (the reporter withdrew, no violation was found, it is
//! outside the office's mandate, the household cannot be reached), always with a reason.

use berdaya_domain::DomainError;

use super::{not_before, open, required, since_opened};
use crate::domain::case::{AdvocacyCase, CaseEvent, CloseUnresolved};

/// Decides `CloseUnresolved`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &CloseUnresolved,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    required("reason", &command.reason)?;
    since_opened(state, "closed_on", command.closed_on)?;
    let last_action = state.actions.iter().map(|a| a.taken_on).max();
    not_before(
        "closed_on",
        command.closed_on,
        last_action,
        "the last action",
    )?;
    Ok(vec![CaseEvent::ClosedUnresolved {
        closed_on: command.closed_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn an_open_case_closes_unresolved_with_its_reason() {
        let case = Given::<AdvocacyCase>::new(reported())
            .when(&close("2026-03-10"))
            .then(vec![CaseEvent::ClosedUnresolved {
                closed_on: date("2026-03-10"),
                reason: "pelapor menarik laporan".to_owned(),
            }]);
        assert_eq!(case.status, CaseStatus::ClosedUnresolved);
        assert_eq!(case.closures[0].reason, "pelapor menarik laporan");
    }

    #[test]
    fn closing_needs_a_reason() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&CaseCommand::CloseUnresolved(CloseUnresolved {
                closed_on: date("2026-03-10"),
                reason: "  ".to_owned(),
            }))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reason"));
    }

    #[test]
    fn a_closed_case_is_not_closed_again() {
        let error = Given::<AdvocacyCase>::new(closed_unresolved())
            .when(&close("2026-03-11"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "case_id"));
    }

    #[test]
    fn a_case_cannot_close_before_its_last_action() {
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&close("2026-03-03"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "closed_on" && reason.contains("last action")));
    }
}
