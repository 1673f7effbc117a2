//! The partner completes a referral with its outcome: only after accepting it.

use berdaya_domain::DomainError;

use super::for_its_partner;
use crate::domain::ReferralOutcome;
use crate::domain::dates::not_before;
use crate::domain::referral::{CompleteReferral, Referral, ReferralEvent, ReferralStatus};

/// Records the outcome of an accepted referral: the loan granted, the contract won, the
/// place taken or the service provided, as its purpose asks.
pub(super) fn decide(
    state: &Referral,
    command: &CompleteReferral,
) -> Result<Vec<ReferralEvent>, DomainError> {
    for_its_partner(state, command.acting_for)?;
    match state.status {
        ReferralStatus::Accepted => {}
        ReferralStatus::Referred => {
            return Err(DomainError::rule(
                "referral_id",
                "the partner has not accepted the referral: it is completed only after acceptance",
            ));
        }
        ReferralStatus::Declined => {
            return Err(DomainError::rule(
                "outcome",
                "the referral was declined: a declined referral has no outcome",
            ));
        }
        status => {
            return Err(DomainError::rule(
                "referral_id",
                format!("the referral is already {}", status.describe()),
            ));
        }
    }
    check_outcome(state, &command.outcome)?;
    not_before(
        "completed_on",
        command.completed_on,
        state.accepted_on,
        "the partner accepted it",
    )?;
    Ok(vec![ReferralEvent::Completed {
        completed_on: command.completed_on,
        outcome: command.outcome.clone(),
        note: command.note.clone(),
    }])
}

/// The outcome of the referral's purpose, with a positive amount where it has one.
fn check_outcome(state: &Referral, outcome: &ReferralOutcome) -> Result<(), DomainError> {
    if let Some(purpose) = state.purpose
        && !outcome.fits(purpose)
    {
        return Err(DomainError::invalid(
            "outcome",
            format!(
                "a {purpose:?} referral completes with {}",
                ReferralOutcome::expected_for(purpose)
            ),
        ));
    }
    let field = match outcome {
        ReferralOutcome::LoanGranted { .. } => "outcome.loan_granted.amount",
        _ => "outcome.contract_signed.value",
    };
    match outcome.money() {
        Some(money) if money.amount() <= 0 => {
            Err(DomainError::invalid(field, "must be more than zero"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;
    use berdaya_domain::aggregate::Given;

    use crate::domain::ReferralOutcome;
    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;

    fn complete(outcome: ReferralOutcome, on: &str) -> ReferralCommand {
        ReferralCommand::Complete(CompleteReferral {
            completed_on: date(on),
            outcome,
            note: "akad kredit ditandatangani".into(),
            acting_for: None,
        })
    }

    #[test]
    fn an_accepted_referral_completes_with_the_loan_granted() {
        let referral = Given::<Referral>::new(vec![made(), accepted()])
            .when(&complete(loan(25_000_000), "2026-03-20"))
            .then(vec![ReferralEvent::Completed {
                completed_on: date("2026-03-20"),
                outcome: loan(25_000_000),
                note: "akad kredit ditandatangani".into(),
            }]);
        assert_eq!(referral.status, ReferralStatus::Completed);
        assert_eq!(referral.outcome.unwrap().money(), Some(Rupiah(25_000_000)));
    }

    #[test]
    fn no_completion_before_acceptance() {
        let error = Given::<Referral>::new(vec![made()])
            .when(&complete(loan(25_000_000), "2026-03-20"))
            .then_error();
        let (field, reason) = rule(&error);
        assert_eq!(field, "referral_id");
        assert!(reason.contains("only after acceptance"));
    }

    #[test]
    fn an_outcome_on_a_declined_referral_is_refused() {
        let error = Given::<Referral>::new(vec![made(), declined()])
            .when(&complete(loan(25_000_000), "2026-03-20"))
            .then_error();
        let (field, reason) = rule(&error);
        assert_eq!(field, "outcome");
        assert!(reason.contains("declined"));
    }

    #[test]
    fn the_outcome_fits_the_purpose_with_a_positive_amount() {
        let place = ReferralOutcome::PlaceTaken {
            place: "pelatihan menjahit".into(),
        };
        let error = Given::<Referral>::new(vec![made(), accepted()])
            .when(&complete(place, "2026-03-20"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["outcome"]);

        let error = Given::<Referral>::new(vec![made(), accepted()])
            .when(&complete(loan(0), "2026-03-20"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["outcome.loan_granted.amount"]);
    }

    #[test]
    fn completion_comes_once_and_not_before_acceptance_day() {
        let error = Given::<Referral>::new(vec![made(), accepted()])
            .when(&complete(loan(25_000_000), "2026-03-04"))
            .then_error();
        assert_eq!(rule(&error).0, "completed_on");

        let mut history = vec![made(), accepted()];
        history.extend(
            Given::<Referral>::new(history.clone())
                .when(&complete(loan(25_000_000), "2026-03-20"))
                .events(),
        );
        let error = Given::<Referral>::new(history)
            .when(&complete(loan(5_000_000), "2026-03-21"))
            .then_error();
        assert!(rule(&error).1.contains("already completed"));
    }
}
