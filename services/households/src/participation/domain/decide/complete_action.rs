//! Marking an action agreed at a held activity done, once, no earlier than the activity.

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{not_before, not_held};
use crate::participation::domain::{Activity, ActivityEvent};

/// Decides `CompleteAction`.
pub(super) fn decide(
    state: &Activity,
    action_id: Uuid,
    done_on: NaiveDate,
    note: &str,
) -> Result<Vec<ActivityEvent>, DomainError> {
    let Some(held_on) = state.held_on.filter(|_| state.was_held()) else {
        return Err(not_held(state));
    };
    let action = state
        .actions
        .iter()
        .find(|a| a.action.action_id == action_id)
        .ok_or_else(|| DomainError::not_found(format!("agreed action {action_id}")))?;
    if let Some((done, _)) = &action.done {
        return Err(DomainError::rule(
            "action_id",
            format!("the action was already done on {done}"),
        ));
    }
    not_before("done_on", done_on, held_on)?;
    Ok(vec![ActivityEvent::ActionCompleted {
        action_id,
        done_on,
        note: note.to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use uuid::Uuid;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    fn complete(action: Uuid, on: &str) -> ActivityCommand {
        ActivityCommand::CompleteAction {
            action_id: action,
            done_on: date(on),
            note: "selesai".to_owned(),
        }
    }

    #[test]
    fn agreed_actions_are_done_once_after_the_activity() {
        let error = Given::<Activity>::new(planned())
            .when(&complete(id(900), "2026-03-20"))
            .then_error();
        assert!(error.to_string().contains("not been held"), "{error}");
        let error = Given::<Activity>::new(held())
            .when(&complete(id(901), "2026-03-20"))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
        let error = Given::<Activity>::new(held())
            .when(&complete(id(900), "2026-03-01"))
            .then_error();
        assert_eq!(rule_field(&error), "done_on");
        let state = Given::<Activity>::new(held())
            .when(&complete(id(900), "2026-03-20"))
            .then(vec![ActivityEvent::ActionCompleted {
                action_id: id(900),
                done_on: date("2026-03-20"),
                note: "selesai".to_owned(),
            }]);
        assert!(state.actions[0].done.is_some());
        let mut history = held();
        history.push(ActivityEvent::ActionCompleted {
            action_id: id(900),
            done_on: date("2026-03-20"),
            note: String::new(),
        });
        let error = Given::<Activity>::new(history)
            .when(&complete(id(900), "2026-03-21"))
            .then_error();
        assert_eq!(rule_field(&error), "action_id");
    }
}
