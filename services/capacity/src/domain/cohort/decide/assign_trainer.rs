//! Assigning a trainer (training of trainers): only a person holding a certificate for
//! the programme that is valid on every day of the cohort may train it.

use berdaya_domain::DomainError;

use super::super::{AssignTrainer, Cohort, CohortEvent};
use super::period;

/// Assigns an active, certified person as a trainer of the cohort.
pub(super) fn assign_trainer(
    state: &Cohort,
    command: &AssignTrainer,
) -> Result<Vec<CohortEvent>, DomainError> {
    let trainer = &command.trainer;
    trainer.active_role("trainer_id")?;
    if state.is_trainer(trainer.person_id) {
        return Err(DomainError::already_exists(
            "trainer_id",
            "the person already trains this cohort",
        ));
    }
    if state.participant(trainer.person_id).is_some() {
        return Err(DomainError::rule(
            "trainer_id",
            "the person is a participant of this cohort",
        ));
    }
    let programme_id = state
        .programme_id
        .ok_or_else(|| DomainError::not_found("cohort"))?;
    let (starts_on, ends_on) = period(state)?;
    let held: Vec<_> = command
        .certificates
        .iter()
        .filter(|c| c.programme_id == programme_id)
        .collect();
    if held.is_empty() {
        return Err(DomainError::rule(
            "trainer_id",
            "the person holds no certificate for this programme; only certified trainers train it",
        ));
    }
    let qualifying = held
        .into_iter()
        .filter(|c| c.covers(starts_on, ends_on))
        .max_by_key(|c| c.valid_until)
        .ok_or_else(|| {
            DomainError::rule(
                "trainer_id",
                format!(
                    "none of the person's certificates for this programme is valid from {starts_on} to {ends_on}: expired, revoked or not yet valid"
                ),
            )
        })?;
    Ok(vec![CohortEvent::TrainerAssigned {
        trainer_id: trainer.person_id,
        certificate_id: qualifying.certificate_id,
        certificate_valid_until: qualifying.valid_until,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::facts::{CertificateFacts, PersonStanding};
    use crate::domain::fixtures::*;
    use crate::domain::roles::PersonRole;

    fn assign(certificates: Vec<CertificateFacts>) -> CohortCommand {
        CohortCommand::AssignTrainer(AssignTrainer {
            trainer: active_person(400, PersonRole::SocialWorker),
            certificates,
        })
    }

    #[test]
    fn a_trainer_certified_for_the_whole_cohort_is_assigned() {
        Given::<Cohort>::new(scheduled())
            .when(&assign(vec![trainer_certificate()]))
            .then(with_trainer()[1..].to_vec());
    }

    #[test]
    fn an_uncertified_trainer_is_refused() {
        let error = Given::<Cohort>::new(scheduled())
            .when(&assign(vec![]))
            .then_error();
        let (field, reason) = rule(error);
        assert_eq!(field, "trainer_id");
        assert!(
            reason.contains("no certificate for this programme"),
            "{reason}"
        );
    }

    #[test]
    fn a_certificate_for_another_programme_does_not_qualify() {
        let other = CertificateFacts {
            programme_id: id(299),
            ..trainer_certificate()
        };
        let error = Given::<Cohort>::new(scheduled())
            .when(&assign(vec![other]))
            .then_error();
        assert_eq!(rule_field(error), "trainer_id");
    }

    #[test]
    fn a_certificate_expiring_during_the_cohort_does_not_qualify() {
        let expiring = CertificateFacts {
            valid_until: date("2026-03-04"),
            ..trainer_certificate()
        };
        let error = Given::<Cohort>::new(scheduled())
            .when(&assign(vec![expiring]))
            .then_error();
        let (field, reason) = rule(error);
        assert_eq!(field, "trainer_id");
        assert!(reason.contains("2026-03-02 to 2026-03-06"), "{reason}");
    }

    #[test]
    fn a_revoked_certificate_does_not_qualify() {
        let revoked = CertificateFacts {
            revoked_on: Some(date("2026-01-15")),
            ..trainer_certificate()
        };
        let error = Given::<Cohort>::new(scheduled())
            .when(&assign(vec![revoked]))
            .then_error();
        assert_eq!(rule_field(error), "trainer_id");
    }

    #[test]
    fn the_longest_valid_certificate_is_the_one_recorded() {
        let renewed = CertificateFacts {
            certificate_id: id(601),
            valid_until: date("2029-12-31"),
            ..trainer_certificate()
        };
        let events = Given::<Cohort>::new(scheduled())
            .when(&assign(vec![trainer_certificate(), renewed]))
            .events();
        assert_eq!(
            events,
            [CohortEvent::TrainerAssigned {
                trainer_id: trainer_id(),
                certificate_id: id(601),
                certificate_valid_until: date("2029-12-31"),
            }]
        );
    }

    #[test]
    fn an_inactive_or_unknown_trainer_is_refused() {
        let mut command = AssignTrainer {
            trainer: person_with(400, PersonStanding::Inactive),
            certificates: vec![trainer_certificate()],
        };
        let error = Given::<Cohort>::new(scheduled())
            .when(&CohortCommand::AssignTrainer(command.clone()))
            .then_error();
        assert_eq!(rule_field(error), "trainer_id");
        command.trainer = person_with(400, PersonStanding::Unknown);
        let error = Given::<Cohort>::new(scheduled())
            .when(&CohortCommand::AssignTrainer(command))
            .then_error();
        assert!(not_found(error).contains("trainer_id"));
    }

    #[test]
    fn the_same_trainer_twice_or_a_participant_as_trainer_is_refused() {
        let error = Given::<Cohort>::new(with_trainer())
            .when(&assign(vec![trainer_certificate()]))
            .then_error();
        assert_eq!(duplicate_field(error), "trainer_id");

        let command = CohortCommand::AssignTrainer(AssignTrainer {
            trainer: active_person(111, PersonRole::PendampingKube),
            certificates: vec![trainer_certificate()],
        });
        let error = Given::<Cohort>::new(enrolled(1))
            .when(&command)
            .then_error();
        assert_eq!(rule_field(error), "trainer_id");
    }

    #[test]
    fn a_completed_cohort_takes_no_trainer() {
        let error = Given::<Cohort>::new(completed())
            .when(&assign(vec![trainer_certificate()]))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }
}
