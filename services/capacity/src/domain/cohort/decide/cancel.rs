//! Cancelling a cohort before it completes.

use berdaya_domain::DomainError;

use super::super::{CancelCohort, Cohort, CohortEvent};
use crate::domain::check::invalid;

/// Cancels a scheduled or running cohort; its participants complete nothing.
pub(super) fn cancel(
    _state: &Cohort,
    command: &CancelCohort,
) -> Result<Vec<CohortEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    Ok(vec![CohortEvent::Cancelled {
        cancelled_on: command.cancelled_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::facts::CompletionOutcome;
    use crate::domain::fixtures::*;

    fn cancel(reason: &str) -> CohortCommand {
        CohortCommand::Cancel(CancelCohort {
            cancelled_on: date("2026-02-25"),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_cancelled_cohorts_participants_complete_nothing() {
        let state = Given::<Cohort>::new(enrolled(1))
            .when(&cancel("banjir"))
            .then(cancelled()[enrolled(1).len()..].to_vec());
        assert_eq!(
            state.completion_of(cohort_id(), participant(1)).outcome,
            CompletionOutcome::NotCompleted
        );
    }

    #[test]
    fn a_reason_is_required() {
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&cancel(" "))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }

    #[test]
    fn a_completed_or_cancelled_cohort_is_not_cancelled() {
        let error = Given::<Cohort>::new(completed())
            .when(&cancel("x"))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
        let error = Given::<Cohort>::new(cancelled())
            .when(&cancel("x"))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }

    #[test]
    fn an_unscheduled_cohort_is_not_found() {
        let error = Given::<Cohort>::nothing().when(&cancel("x")).then_error();
        assert_eq!(not_found(error), "cohort");
    }
}
