//! A participant withdrawing before the cohort completes.

use berdaya_domain::DomainError;

use super::super::{Cohort, CohortEvent, WithdrawParticipant};
use super::enrolled_participant;
use crate::domain::check::not_before;

/// Records that an enrolled participant withdrew, and why (a category, not free text).
pub(super) fn withdraw(
    state: &Cohort,
    command: &WithdrawParticipant,
) -> Result<Vec<CohortEvent>, DomainError> {
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
        reason: command.reason,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn withdraw(n: u128, on: &str) -> CohortCommand {
        CohortCommand::Withdraw(WithdrawParticipant {
            person_id: participant(n),
            withdrawn_on: date(on),
            reason: WithdrawalReason::Duty,
        })
    }

    #[test]
    fn a_withdrawn_participant_leaves_the_enrolled_list() {
        let state = Given::<Cohort>::new(enrolled(2))
            .when(&withdraw(2, "2026-03-03"))
            .then(vec![CohortEvent::ParticipantWithdrew {
                person_id: participant(2),
                withdrawn_on: date("2026-03-03"),
                reason: WithdrawalReason::Duty,
            }]);
        assert_eq!(state.enrolled().count(), 1);
    }

    #[test]
    fn withdrawing_twice_or_an_unknown_participant_is_refused() {
        let mut history = enrolled(1);
        history.push(CohortEvent::ParticipantWithdrew {
            person_id: participant(1),
            withdrawn_on: date("2026-03-03"),
            reason: WithdrawalReason::Moved,
        });
        let error = Given::<Cohort>::new(history)
            .when(&withdraw(1, "2026-03-04"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&withdraw(2, "2026-03-04"))
            .then_error();
        assert!(not_found(error).contains("participant"));
    }

    #[test]
    fn a_withdrawal_before_enrolment_is_refused() {
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&withdraw(1, "2026-02-19"))
            .then_error();
        assert_eq!(rule_field(error), "withdrawn_on");
    }
}
