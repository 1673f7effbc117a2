//! Evaluating a held activity, once, no earlier than it was held.

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use super::{not_before, not_held};
use crate::participation::domain::{Activity, ActivityEvent, ActivityStatus};

/// Decides `Evaluate`.
pub(super) fn decide(
    state: &Activity,
    evaluated_on: NaiveDate,
    achievements: &str,
    follow_ups: &[String],
) -> Result<Vec<ActivityEvent>, DomainError> {
    let held_on = match (state.status, state.held_on) {
        (ActivityStatus::Held, Some(held_on)) => held_on,
        (ActivityStatus::Evaluated, _) => {
            return Err(DomainError::rule("", "the activity was already evaluated"));
        }
        _ => return Err(not_held(state)),
    };
    not_before("evaluated_on", evaluated_on, held_on)?;
    Ok(vec![ActivityEvent::Evaluated {
        evaluated_on,
        achievements: achievements.to_owned(),
        follow_ups: follow_ups.to_vec(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    fn evaluate(on: &str) -> ActivityCommand {
        ActivityCommand::Evaluate {
            evaluated_on: date(on),
            achievements: "semua balita ditimbang".to_owned(),
            follow_ups: vec!["kunjungan rumah keluarga 3".to_owned()],
        }
    }

    #[test]
    fn evaluation_follows_holding_once() {
        let error = Given::<Activity>::new(planned())
            .when(&evaluate("2026-03-10"))
            .then_error();
        assert!(error.to_string().contains("not been held"), "{error}");
        let error = Given::<Activity>::new(held())
            .when(&evaluate("2026-03-01"))
            .then_error();
        assert_eq!(rule_field(&error), "evaluated_on");
        let state = Given::<Activity>::new(held())
            .when(&evaluate("2026-03-10"))
            .events();
        let mut history = held();
        history.extend(state);
        let evaluated = Activity::from_events(history.iter());
        assert_eq!(evaluated.status, ActivityStatus::Evaluated);
        let error = Given::<Activity>::new(history)
            .when(&evaluate("2026-03-11"))
            .then_error();
        assert!(error.to_string().contains("already evaluated"), "{error}");
    }

    #[test]
    fn an_activity_is_evaluated_on_the_day_it_was_held_and_a_cancelled_one_never() {
        // Held on 2026-03-06.
        Given::<Activity>::new(held())
            .when(&evaluate("2026-03-06"))
            .events();
        let mut cancelled = planned();
        cancelled.extend(
            Given::<Activity>::new(planned())
                .when(&ActivityCommand::Cancel {
                    reason: "banjir".into(),
                    cancelled_on: date("2026-03-04"),
                })
                .events(),
        );
        let error = Given::<Activity>::new(cancelled)
            .when(&evaluate("2026-03-10"))
            .then_error();
        assert!(error.to_string().contains("was cancelled"), "{error}");
    }
}
