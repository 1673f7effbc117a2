//! Voiding an activity recorded in error: it then counts in no indicator.

use berdaya_domain::DomainError;

use super::super::{Activity, ActivityEvent, VoidActivity};
use crate::domain::check::{invalid, not_before};

/// Voids a recorded activity with a reason.
pub(super) fn void(
    state: &Activity,
    command: &VoidActivity,
) -> Result<Vec<ActivityEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    if let Some(held_on) = state.held_on {
        not_before(
            "voided_on",
            command.voided_on,
            held_on,
            "the activity was held",
        )?;
    }
    Ok(vec![ActivityEvent::Voided {
        voided_on: command.voided_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::activity::fixtures::*;
    use crate::domain::activity::*;
    use crate::domain::fixtures::*;

    fn void(on: &str, reason: &str) -> ActivityCommand {
        ActivityCommand::Void(VoidActivity {
            voided_on: date(on),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_duplicate_record_is_voided() {
        let state = Given::<Activity>::new(recorded())
            .when(&void("2026-04-20", "tercatat ganda"))
            .then(voided()[1..].to_vec());
        assert_eq!(state.status, ActivityStatus::Voided);
    }

    #[test]
    fn voiding_twice_is_refused() {
        let error = Given::<Activity>::new(voided())
            .when(&void("2026-04-21", "x"))
            .then_error();
        assert_eq!(rule_field(error), "activity_id");
    }

    #[test]
    fn a_reason_and_a_date_after_the_activity_are_required() {
        let error = Given::<Activity>::new(recorded())
            .when(&void("2026-04-20", ""))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
        let error = Given::<Activity>::new(recorded())
            .when(&void("2026-04-11", "x"))
            .then_error();
        assert_eq!(rule_field(error), "voided_on");
    }
}
