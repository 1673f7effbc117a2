//! Closing a household.

use chrono::NaiveDate;

use crate::domain::{ExitReason, Household, HouseholdEvent};

/// Decides `Close`, which always succeeds once the status gate let it through. Closing
/// ends every enrolment first, so that each exit is its own fact.
pub(super) fn decide(state: &Household, reason: &str, closed_on: NaiveDate) -> Vec<HouseholdEvent> {
    let mut events: Vec<HouseholdEvent> = state
        .enrolments
        .iter()
        .filter(|e| e.active)
        .map(|e| HouseholdEvent::ProgrammeExited {
            programme: e.programme,
            reason: ExitReason::Moved,
            exited_on: closed_on.max(e.enrolled_on),
            note: "household closed".to_owned(),
        })
        .collect();
    events.push(HouseholdEvent::Closed {
        reason: reason.to_owned(),
        closed_on,
    });
    events
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn exiting_needs_an_enrolment_and_closing_ends_every_enrolment() {
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::Exit {
                programme: Programme::Pip,
                reason: ExitReason::Graduated,
                exited_on: date("2026-06-01"),
                note: String::new(),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "programme"));

        let mut history = registered(2);
        history.extend(
            Given::<Household>::new(registered(2))
                .when(&HouseholdCommand::Enrol {
                    programme: Programme::Sembako,
                    enrolled_on: date("2026-04-01"),
                    components: vec![],
                })
                .events(),
        );
        let state = Given::<Household>::new(history)
            .when(&HouseholdCommand::Close {
                reason: "merged".into(),
                closed_on: date("2026-07-01"),
            })
            .then(vec![
                HouseholdEvent::ProgrammeExited {
                    programme: Programme::Sembako,
                    reason: ExitReason::Moved,
                    exited_on: date("2026-07-01"),
                    note: "household closed".into(),
                },
                HouseholdEvent::Closed {
                    reason: "merged".into(),
                    closed_on: date("2026-07-01"),
                },
            ]);
        assert_eq!(state.status, HouseholdStatus::Closed);
        assert!(state.active_enrolment(Programme::Sembako).is_none());
    }
}
