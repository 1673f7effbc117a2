//! Reopening a resolved or closed case, always with a reason (the remedy did not hold,
//! new facts came to light). The case returns to where its work stood: reported if it
//! was never assessed, else assessed, else planned; a resolution again needs an action
//! taken after the reopening.

use berdaya_domain::DomainError;

use super::{not_before, required};
use crate::domain::case::{AdvocacyCase, CaseEvent, Reopen};

/// Decides `Reopen`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &Reopen,
) -> Result<Vec<CaseEvent>, DomainError> {
    if !state.status.is_closed() {
        return Err(DomainError::rule(
            "case_id",
            "the case is open: only a resolved or closed case is reopened",
        ));
    }
    required("reason", &command.reason)?;
    let closed_on = state.periods.last().and_then(|p| p.closed_on);
    not_before(
        "reopened_on",
        command.reopened_on,
        closed_on,
        "the case was closed",
    )?;
    Ok(vec![CaseEvent::Reopened {
        reopened_on: command.reopened_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_resolved_case_reopens_planned_and_must_act_again_to_resolve() {
        let case = Given::<AdvocacyCase>::new(resolved())
            .when(&reopen("2026-04-10"))
            .then(vec![CaseEvent::Reopened {
                reopened_on: date("2026-04-10"),
                reason: "KIS dinonaktifkan lagi".to_owned(),
            }]);
        assert_eq!(case.status, CaseStatus::Planned);
        assert_eq!(case.opened_on(), Some(date("2026-04-10")));
        let reopened = run(resolved(), vec![reopen("2026-04-10")]);
        let error = Given::<AdvocacyCase>::new(reopened.clone())
            .when(&resolve("2026-04-12"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("no action was taken"))
        );
        let history = run(reopened, vec![act(5, "2026-04-11"), resolve("2026-04-12")]);
        assert_eq!(state(&history).status, CaseStatus::Resolved);
    }

    #[test]
    fn a_closed_case_returns_to_where_its_work_stood() {
        let reopened = |on: &str| {
            vec![CaseEvent::Reopened {
                reopened_on: date(on),
                reason: "KIS dinonaktifkan lagi".to_owned(),
            }]
        };
        let never_assessed = Given::<AdvocacyCase>::new(run(reported(), vec![close("2026-03-04")]))
            .when(&reopen("2026-03-09"))
            .then(reopened("2026-03-09"));
        assert_eq!(never_assessed.status, CaseStatus::Reported);
        let assessed_only = Given::<AdvocacyCase>::new(closed_unresolved())
            .when(&reopen("2026-03-12"))
            .then(reopened("2026-03-12"));
        assert_eq!(assessed_only.status, CaseStatus::Assessed);
    }

    #[test]
    fn reopening_without_a_reason_is_refused() {
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&CaseCommand::Reopen(Reopen {
                reopened_on: date("2026-04-10"),
                reason: String::new(),
            }))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reason"));
    }

    #[test]
    fn an_open_case_is_not_reopened_nor_one_before_it_closed() {
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&reopen("2026-03-10"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("the case is open"))
        );
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&reopen("2026-03-19"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "reopened_on"));
    }
}
