//! Calling off a session that was not held; it then counts toward no one's attendance.

use berdaya_domain::DomainError;

use super::super::{CancelSession, Cohort, CohortEvent, SessionStatus};
use crate::domain::check::invalid;

/// Cancels a planned session.
pub(super) fn cancel_session(
    state: &Cohort,
    command: &CancelSession,
) -> Result<Vec<CohortEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    let session = state.session(command.session_id).ok_or_else(|| {
        DomainError::not_found(format!("session {} of the cohort", command.session_id))
    })?;
    match session.status {
        SessionStatus::Planned => {}
        SessionStatus::Held { .. } => {
            return Err(DomainError::rule(
                "session_id",
                "the session was held (its attendance is recorded)",
            ));
        }
        SessionStatus::Cancelled { .. } => {
            return Err(DomainError::rule(
                "session_id",
                "the session is already cancelled",
            ));
        }
    }
    Ok(vec![CohortEvent::SessionCancelled {
        session_id: command.session_id,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn cancel(n: u128, reason: &str) -> CohortCommand {
        CohortCommand::CancelSession(CancelSession {
            session_id: session(n),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_cancelled_session_no_longer_counts_as_to_be_held() {
        let state = Given::<Cohort>::new(with_sessions())
            .when(&cancel(5, "narasumber sakit"))
            .then(vec![CohortEvent::SessionCancelled {
                session_id: session(5),
                reason: "narasumber sakit".to_owned(),
            }]);
        assert!(matches!(
            state.session(session(5)).unwrap().status,
            SessionStatus::Cancelled { .. }
        ));
    }

    #[test]
    fn a_held_or_cancelled_session_is_not_cancelled() {
        let mut history = enrolled(2);
        history.push(attendance(1, &[1]));
        let error = Given::<Cohort>::new(history)
            .when(&cancel(1, "x"))
            .then_error();
        assert_eq!(rule_field(error), "session_id");

        let mut history = with_sessions();
        history.push(CohortEvent::SessionCancelled {
            session_id: session(2),
            reason: "x".to_owned(),
        });
        let error = Given::<Cohort>::new(history)
            .when(&cancel(2, "y"))
            .then_error();
        assert_eq!(rule_field(error), "session_id");
    }

    #[test]
    fn an_unknown_session_or_a_missing_reason_is_refused() {
        let error = Given::<Cohort>::new(with_sessions())
            .when(&cancel(9, "x"))
            .then_error();
        assert!(not_found(error).contains("session"));
        let error = Given::<Cohort>::new(with_sessions())
            .when(&cancel(1, ""))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }
}
