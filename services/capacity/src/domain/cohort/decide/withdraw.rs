//! A participant withdrawing before the cohort completes.

use berdaya_domain::DomainError;

use super::super::{Cohort, CohortEvent, WithdrawParticipant};
use super::enrolled_participant;
use crate::domain::check::{invalid, not_before};

/// Records that an enrolled participant withdrew.
pub(super) fn withdraw(
    state: &Cohort,
    command: &WithdrawParticipant,
) -> Result<Vec<CohortEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    let participant = enrolled_participant(state, "person_id", command.person_id)?;
    not_before(
        "withdrawn_on",
        command.withdrawn_on,
        participant.enrolled_on,
        "the participant enrolled",
    )?;
    Ok(vec![CohortEvent::ParticipantWithdrew {
        person_id: command.person_id,
        withdrawn_on: command.withdrawn_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn withdraw(n: u128, on: &str, reason: &str) -> CohortCommand {
        CohortCommand::Withdraw(WithdrawParticipant {
            person_id: participant(n),
            withdrawn_on: date(on),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_withdrawn_participant_leaves_the_enrolled_list() {
        let state = Given::<Cohort>::new(enrolled(2))
            .when(&withdraw(2, "2026-03-03", "tugas mendadak"))
            .then(vec![CohortEvent::ParticipantWithdrew {
                person_id: participant(2),
                withdrawn_on: date("2026-03-03"),
                reason: "tugas mendadak".to_owned(),
            }]);
        assert_eq!(state.enrolled().count(), 1);
    }

    #[test]
    fn withdrawing_twice_or_an_unknown_participant_is_refused() {
        let mut history = enrolled(1);
        history.push(CohortEvent::ParticipantWithdrew {
            person_id: participant(1),
            withdrawn_on: date("2026-03-03"),
            reason: "x".to_owned(),
        });
        let error = Given::<Cohort>::new(history)
            .when(&withdraw(1, "2026-03-04", "y"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&withdraw(2, "2026-03-04", "y"))
            .then_error();
        assert!(not_found(error).contains("participant"));
    }

    #[test]
    fn a_reason_and_a_date_after_enrolment_are_required() {
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&withdraw(1, "2026-03-04", ""))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&withdraw(1, "2026-02-19", "x"))
            .then_error();
        assert_eq!(rule_field(error), "withdrawn_on");
    }
}
