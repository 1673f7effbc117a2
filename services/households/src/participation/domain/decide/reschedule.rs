//! Moving a planned activity to another date.

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use super::still_planned;
use crate::participation::domain::{Activity, ActivityDetails, ActivityEvent};

/// Decides `Reschedule`.
pub(super) fn decide(
    state: &Activity,
    details: &ActivityDetails,
    scheduled_on: NaiveDate,
    reason: &str,
) -> Result<Vec<ActivityEvent>, DomainError> {
    still_planned(state)?;
    if scheduled_on == details.scheduled_on {
        return Err(DomainError::rule(
            "scheduled_on",
            format!("the activity is already scheduled on {scheduled_on}"),
        ));
    }
    Ok(vec![ActivityEvent::Rescheduled {
        scheduled_on,
        previous: details.scheduled_on,
        reason: reason.to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn rescheduling_moves_a_planned_activity() {
        let state = Given::<Activity>::new(planned())
            .when(&ActivityCommand::Reschedule {
                scheduled_on: date("2026-03-12"),
                reason: "banjir".to_owned(),
            })
            .then(vec![ActivityEvent::Rescheduled {
                scheduled_on: date("2026-03-12"),
                previous: date("2026-03-05"),
                reason: "banjir".to_owned(),
            }]);
        assert_eq!(state.date(), Some(date("2026-03-12")));
        let error = Given::<Activity>::new(planned())
            .when(&ActivityCommand::Reschedule {
                scheduled_on: date("2026-03-05"),
                reason: "same".to_owned(),
            })
            .then_error();
        assert_eq!(rule_field(&error), "scheduled_on");
    }
}
