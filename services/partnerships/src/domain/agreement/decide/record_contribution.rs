//! Recording what a party provided under a commitment outside referrals.

use berdaya_domain::DomainError;

use super::require_signed;
use crate::domain::AgreementStatus;
use crate::domain::agreement::{Agreement, AgreementEvent, RecordContribution};

/// Records a contribution toward a commitment of the current terms, provided while the
/// agreement was in force and within the commitment's period.
pub(super) fn decide(
    state: &Agreement,
    command: &RecordContribution,
) -> Result<Vec<AgreementEvent>, DomainError> {
    require_signed(state)?;
    let contribution = &command.contribution;
    let id = contribution.commitment_id;
    let commitment = state.usable_commitment(id)?;
    if state
        .contributions
        .iter()
        .any(|c| c.contribution_id == contribution.contribution_id)
    {
        return Err(DomainError::already_exists(
            "contribution_id",
            "a contribution with this id is already recorded",
        ));
    }
    let quantity = contribution.quantity;
    if !quantity.is_positive() {
        return Err(DomainError::invalid(
            "quantity",
            "a contribution is more than zero",
        ));
    }
    if !quantity.same_unit(commitment.target) {
        return Err(DomainError::invalid(
            "quantity",
            format!("the commitment's target is a {}", commitment.target.unit()),
        ));
    }
    let total = state
        .contributions
        .iter()
        .filter(|c| c.commitment_id == id)
        .try_fold(quantity.value(), |sum, c| {
            sum.checked_add(c.quantity.value())
        });
    if total.is_none() {
        return Err(DomainError::invalid(
            "quantity",
            "the contributions' total would be too large",
        ));
    }
    let on = contribution.contributed_on;
    let status = state.status_on(on).unwrap_or(AgreementStatus::Drafted);
    if status != AgreementStatus::InForce {
        return Err(DomainError::rule(
            "contributed_on",
            format!("the agreement is {} on {on}", status.describe()),
        ));
    }
    commitment.require_covers("contributed_on", on)?;
    Ok(vec![AgreementEvent::ContributionRecorded {
        contribution: contribution.clone(),
        recorded_by: command.recorded_by.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::Quantity;
    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    fn record(contribution: Contribution) -> AgreementCommand {
        AgreementCommand::RecordContribution(RecordContribution {
            contribution,
            recorded_by: DRAFTER.into(),
        })
    }

    #[test]
    fn a_contribution_counts_toward_its_commitment() {
        let places = contribution(training_id(), Quantity::Count(5), "2026-03-01");
        let agreement = Given::<Agreement>::new(signed_history())
            .when(&record(places.clone()))
            .then(vec![contributed(
                training_id(),
                Quantity::Count(5),
                "2026-03-01",
            )]);
        assert_eq!(agreement.contributions, [places]);
    }

    #[test]
    fn no_contribution_outside_the_term_or_after_termination() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&record(contribution(
                training_id(),
                Quantity::Count(5),
                "2027-01-01",
            )))
            .then_error();
        assert!(rule(&error).1.contains("expired"));

        let mut history = signed_history();
        history.push(terminated("2026-06-01"));
        let error = Given::<Agreement>::new(history)
            .when(&record(contribution(
                training_id(),
                Quantity::Count(5),
                "2026-06-01",
            )))
            .then_error();
        assert!(rule(&error).1.contains("terminated"));

        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&record(contribution(
                training_id(),
                Quantity::Count(5),
                "2026-03-01",
            )))
            .then_error();
        assert!(rule(&error).1.contains("not signed"));
    }

    #[test]
    fn no_contribution_outside_the_commitment_period() {
        let error = Given::<Agreement>::new(signed_with(credit_until_june()))
            .when(&record(contribution(
                credit_id(),
                Quantity::Amount(Rupiah(1_000_000)),
                "2026-07-01",
            )))
            .then_error();
        assert_eq!(rule(&error).0, "contributed_on");
    }

    #[test]
    fn a_contribution_is_positive_in_the_commitment_unit() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&record(contribution(
                credit_id(),
                Quantity::Count(5),
                "2026-03-01",
            )))
            .then_error();
        assert_eq!(invalid_fields(&error), ["quantity"]);
        let error = Given::<Agreement>::new(signed_history())
            .when(&record(contribution(
                credit_id(),
                Quantity::Amount(Rupiah(-1)),
                "2026-03-01",
            )))
            .then_error();
        assert_eq!(invalid_fields(&error), ["quantity"]);

        let mut history = signed_history();
        history.push(contributed(
            credit_id(),
            Quantity::Amount(Rupiah(i64::MAX)),
            "2026-03-01",
        ));
        let error = Given::<Agreement>::new(history)
            .when(&record(contribution(
                credit_id(),
                Quantity::Amount(Rupiah(1)),
                "2026-03-02",
            )))
            .then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].description.contains("too large"))
        );
    }

    #[test]
    fn unknown_withdrawn_or_repeated_contributions_are_refused() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&record(contribution(
                id(999),
                Quantity::Count(5),
                "2026-03-01",
            )))
            .then_error();
        assert!(not_found(&error, "commitment"));

        let mut history = signed_history();
        history.push(contributed(training_id(), Quantity::Count(5), "2026-03-01"));
        let error = Given::<Agreement>::new(history)
            .when(&record(contribution(
                training_id(),
                Quantity::Count(2),
                "2026-03-01",
            )))
            .then_error();
        assert!(
            matches!(error, DomainError::AlreadyExists { field, .. } if field == "contribution_id")
        );

        let mut history = signed_history();
        history.push(AgreementEvent::Amended {
            version: 2,
            amended_on: date("2026-02-15"),
            summary: "pelatihan dihapus".into(),
            changes: AmendmentChanges {
                withdrawn_commitment_ids: vec![training_id()],
                ..AmendmentChanges::default()
            },
            document: document(2),
            amended_by: SUPERVISOR.into(),
        });
        let error = Given::<Agreement>::new(history)
            .when(&record(contribution(
                training_id(),
                Quantity::Count(2),
                "2026-03-01",
            )))
            .then_error();
        assert!(rule(&error).1.contains("withdrawn"));
    }
}
