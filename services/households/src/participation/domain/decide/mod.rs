//! The activity's rules: one file per command, each with its given/when/then tests.
//! This file routes a command to its rule and holds the gate every command but Plan
//! passes, and the status and date checks several commands share.

mod cancel;
mod complete_action;
mod evaluate;
mod hold;
mod plan;
mod reschedule;

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use super::commands::ActivityCommand;
use super::events::ActivityEvent;
use super::state::{Activity, ActivityStatus};

/// Decides a command against an activity's state.
pub(super) fn decide(
    state: &Activity,
    command: &ActivityCommand,
) -> Result<Vec<ActivityEvent>, DomainError> {
    use ActivityCommand as C;
    if let C::Plan {
        activity_id,
        region,
        details,
        invited,
    } = command
    {
        return plan::decide(state, *activity_id, region, details, invited);
    }
    // Every other command needs a planned activity.
    let (Some(region), Some(details)) = (&state.region, &state.details) else {
        return Err(DomainError::not_found("activity"));
    };
    match command {
        C::Plan { .. } => Err(DomainError::not_found("activity")),
        C::Reschedule {
            scheduled_on,
            reason,
        } => reschedule::decide(state, details, *scheduled_on, reason),
        C::Hold {
            held_on,
            attendance,
            outcomes,
            actions,
        } => hold::decide(state, region, *held_on, attendance, outcomes, actions),
        C::Evaluate {
            evaluated_on,
            achievements,
            follow_ups,
        } => evaluate::decide(state, *evaluated_on, achievements, follow_ups),
        C::Cancel {
            reason,
            cancelled_on,
        } => cancel::decide(state, reason, *cancelled_on),
        C::CompleteAction {
            action_id,
            done_on,
            note,
        } => complete_action::decide(state, *action_id, *done_on, note),
    }
}

/// Refuses to change an activity that is no longer planned: held, evaluated or
/// cancelled.
fn still_planned(state: &Activity) -> Result<(), DomainError> {
    match state.status {
        ActivityStatus::Planned => Ok(()),
        ActivityStatus::Cancelled => Err(DomainError::rule("", "the activity was cancelled")),
        ActivityStatus::Held | ActivityStatus::Evaluated => Err(DomainError::rule(
            "",
            format!(
                "the activity was already held on {}",
                state.held_on.map(|d| d.to_string()).unwrap_or_default()
            ),
        )),
        ActivityStatus::Unplanned => Err(DomainError::not_found("activity")),
    }
}

/// The refusal of a command that needs the activity to have been held.
fn not_held(state: &Activity) -> DomainError {
    match state.status {
        ActivityStatus::Cancelled => DomainError::rule("", "the activity was cancelled"),
        _ => DomainError::rule("", "the activity has not been held yet"),
    }
}

/// Refuses a date before the activity was held.
fn not_before(field: &str, date: NaiveDate, held_on: NaiveDate) -> Result<(), DomainError> {
    berdaya_domain::not_before(field, date, held_on, "the activity was held")
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn commands_on_an_unplanned_activity_are_not_found() {
        let error = Given::<Activity>::nothing()
            .when(&hold(vec![]))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
