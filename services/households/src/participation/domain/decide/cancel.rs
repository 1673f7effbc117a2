//! Cancelling a planned activity.

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use super::still_planned;
use crate::participation::domain::{Activity, ActivityEvent};

/// Decides `Cancel`.
pub(super) fn decide(
    state: &Activity,
    reason: &str,
    cancelled_on: NaiveDate,
) -> Result<Vec<ActivityEvent>, DomainError> {
    still_planned(state)?;
    Ok(vec![ActivityEvent::Cancelled {
        reason: reason.to_owned(),
        cancelled_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn only_a_planned_activity_is_cancelled() {
        let state = Given::<Activity>::new(planned())
            .when(&ActivityCommand::Cancel {
                reason: "hujan".to_owned(),
                cancelled_on: date("2026-03-04"),
            })
            .then(vec![ActivityEvent::Cancelled {
                reason: "hujan".to_owned(),
                cancelled_on: date("2026-03-04"),
            }]);
        assert_eq!(state.status, ActivityStatus::Cancelled);
        let error = Given::<Activity>::new(held())
            .when(&ActivityCommand::Cancel {
                reason: "late".to_owned(),
                cancelled_on: date("2026-03-07"),
            })
            .then_error();
        assert!(error.to_string().contains("already held"), "{error}");
    }
}
