//! Recording that the reporter responded: the wait ends and the clock, if it stopped,
//! runs again.

use berdaya_domain::DomainError;

use super::{not_before, open};
use crate::domain::case::{AdvocacyCase, CaseEvent, RecordReporterResponse};

/// Decides `RecordReporterResponse`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &RecordReporterResponse,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    let Some(wait) = state.current_wait() else {
        return Err(DomainError::rule(
            "case_id",
            "the case is not waiting on the reporter",
        ));
    };
    not_before(
        "responded_on",
        command.responded_on,
        Some(wait.since),
        "the wait began",
    )?;
    Ok(vec![CaseEvent::ReporterResponded {
        responded_on: command.responded_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn the_response_ends_the_wait() {
        let history = run(assessed(), vec![await_reporter("2026-03-04")]);
        let case = Given::<AdvocacyCase>::new(history)
            .when(&reporter_responded("2026-03-09"))
            .then(vec![CaseEvent::ReporterResponded {
                responded_on: date("2026-03-09"),
            }]);
        assert!(case.current_wait().is_none());
        assert_eq!(case.waits[0].until, Some(date("2026-03-09")));
    }

    #[test]
    fn a_response_without_a_wait_or_before_it_is_refused() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&reporter_responded("2026-03-09"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not waiting"))
        );
        let history = run(assessed(), vec![await_reporter("2026-03-04")]);
        let error = Given::<AdvocacyCase>::new(history)
            .when(&reporter_responded("2026-03-03"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "responded_on"));
    }
}
