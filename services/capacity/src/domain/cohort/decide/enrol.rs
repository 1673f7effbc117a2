//! Enrolling a participant: an active person in a role the programme is for, while there
//! is room.

use berdaya_domain::DomainError;

use super::super::{Cohort, CohortEvent, EnrolParticipant, ParticipantStatus};
use super::period;

/// Enrols an active person of a target role into a cohort with room.
pub(super) fn enrol(
    state: &Cohort,
    command: &EnrolParticipant,
) -> Result<Vec<CohortEvent>, DomainError> {
    let person = &command.participant;
    let role = person.active_role("person_id")?;
    if let Some(existing) = state.participant(person.person_id) {
        return Err(match &existing.status {
            ParticipantStatus::Withdrawn { on, .. } => DomainError::rule(
                "person_id",
                format!("the person withdrew from this cohort on {on}"),
            ),
            _ => DomainError::already_exists("person_id", "the person is already enrolled"),
        });
    }
    if state.is_trainer(person.person_id) {
        return Err(DomainError::rule(
            "person_id",
            "the person trains this cohort",
        ));
    }
    if !state.target_roles.is_empty() && !state.target_roles.contains(&role) {
        let roles: Vec<&str> = state.target_roles.iter().map(|r| r.name()).collect();
        return Err(DomainError::rule(
            "person_id",
            format!(
                "the programme is for {}; this person is a {}",
                roles.join(", "),
                role.name()
            ),
        ));
    }
    let (_, ends_on) = period(state)?;
    if command.enrolled_on > ends_on {
        return Err(DomainError::rule(
            "enrolled_on",
            format!("is after the cohort ends ({ends_on})"),
        ));
    }
    let taken = state.enrolled().count();
    if taken >= usize::from(state.capacity) {
        return Err(DomainError::rule(
            "cohort_id",
            format!("the cohort is full ({} participants)", state.capacity),
        ));
    }
    Ok(vec![CohortEvent::ParticipantEnrolled {
        person_id: person.person_id,
        role,
        enrolled_on: command.enrolled_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::facts::{PersonFacts, PersonStanding};
    use crate::domain::fixtures::*;
    use crate::domain::roles::PersonRole;

    fn enrol(person: PersonFacts) -> CohortCommand {
        CohortCommand::Enrol(EnrolParticipant {
            participant: person,
            enrolled_on: date("2026-02-20"),
        })
    }

    #[test]
    fn a_pendamping_kube_is_enrolled_with_their_role() {
        Given::<Cohort>::new(with_sessions())
            .when(&enrol(active_person(111, PersonRole::PendampingKube)))
            .then(enrolled(1)[with_sessions().len()..].to_vec());
    }

    #[test]
    fn a_role_the_programme_is_not_for_is_refused() {
        let error = Given::<Cohort>::new(scheduled())
            .when(&enrol(active_person(111, PersonRole::PendampingPkh)))
            .then_error();
        let (field, reason) = rule(error);
        assert_eq!(field, "person_id");
        assert!(reason.contains("pendamping PKH"), "{reason}");
    }

    #[test]
    fn a_full_cohort_takes_no_one_more() {
        let error = Given::<Cohort>::new(enrolled(3))
            .when(&enrol(active_person(114, PersonRole::Tksk)))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }

    #[test]
    fn a_withdrawn_place_is_free_again() {
        let mut history = enrolled(3);
        history.push(CohortEvent::ParticipantWithdrew {
            person_id: participant(3),
            withdrawn_on: date("2026-02-25"),
            reason: WithdrawalReason::Personal,
        });
        Given::<Cohort>::new(history.clone())
            .when(&enrol(active_person(114, PersonRole::Tksk)))
            .events();
        let error = Given::<Cohort>::new(history)
            .when(&enrol(active_person(113, PersonRole::PendampingKube)))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn enrolling_twice_is_refused() {
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&enrol(active_person(111, PersonRole::PendampingKube)))
            .then_error();
        assert_eq!(duplicate_field(error), "person_id");
    }

    #[test]
    fn the_trainer_is_not_a_participant() {
        let error = Given::<Cohort>::new(with_trainer())
            .when(&enrol(active_person(400, PersonRole::PendampingKube)))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn an_inactive_or_unknown_person_is_refused() {
        let error = Given::<Cohort>::new(scheduled())
            .when(&enrol(person_with(111, PersonStanding::Inactive)))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
        let error = Given::<Cohort>::new(scheduled())
            .when(&enrol(person_with(111, PersonStanding::Unknown)))
            .then_error();
        assert!(not_found(error).contains("person_id"));
    }

    #[test]
    fn enrolling_after_the_cohort_ends_is_refused() {
        let command = CohortCommand::Enrol(EnrolParticipant {
            participant: active_person(111, PersonRole::PendampingKube),
            enrolled_on: date("2026-03-07"),
        });
        let error = Given::<Cohort>::new(scheduled())
            .when(&command)
            .then_error();
        assert_eq!(rule_field(error), "enrolled_on");
    }

    #[test]
    fn a_cancelled_cohort_takes_no_one() {
        let error = Given::<Cohort>::new(cancelled())
            .when(&enrol(active_person(112, PersonRole::PendampingKube)))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }
}
