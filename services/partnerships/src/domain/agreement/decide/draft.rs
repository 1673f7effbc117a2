//! Drafting an agreement.

use berdaya_domain::DomainError;

use super::check_terms;
use crate::domain::agreement::{Agreement, AgreementEvent, DraftAgreement};

/// Writes a new draft between the office and its partners.
pub(super) fn decide(
    state: &Agreement,
    command: &DraftAgreement,
) -> Result<Vec<AgreementEvent>, DomainError> {
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "agreement_id",
            "an agreement with this id already exists",
        ));
    }
    check_terms(&command.terms, &command.partners)?;
    Ok(vec![AgreementEvent::Drafted {
        agreement_id: command.agreement_id,
        kind: command.kind,
        region: command.region.clone(),
        terms: command.terms.clone(),
        drafted_by: command.drafted_by.clone(),
        drafted_on: command.drafted_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;
    use crate::domain::{CommitmentKind, PartnerStanding, Party, Quantity};

    fn draft(terms: Terms) -> AgreementCommand {
        AgreementCommand::Draft(draft_with(terms))
    }

    #[test]
    fn a_draft_is_recorded_with_its_maker() {
        let agreement = Given::<Agreement>::nothing()
            .when(&draft(terms()))
            .then(vec![drafted()]);
        assert_eq!(agreement.makers, [DRAFTER]);
        assert_eq!(
            agreement.status_on(date("2026-06-01")),
            Some(AgreementStatus::Drafted)
        );
        assert!(agreement.versions.is_empty(), "versions start at signing");
    }

    #[test]
    fn an_id_is_drafted_once() {
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&draft(terms()))
            .then_error();
        assert!(
            matches!(error, DomainError::AlreadyExists { field, .. } if field == "agreement_id")
        );
    }

    #[test]
    fn an_end_date_before_the_start_date_is_refused() {
        let mut terms = terms();
        terms.end_date = date("2026-01-31");
        let error = Given::<Agreement>::nothing()
            .when(&draft(terms))
            .then_error();
        // The commitments' periods now lie outside the term too: every field is named.
        assert_eq!(
            invalid_fields(&error),
            [
                "end_date",
                "commitments[0].period_end",
                "commitments[1].period_end"
            ]
        );
    }

    #[test]
    fn a_zero_or_negative_commitment_target_is_refused() {
        let mut terms = terms();
        terms.commitments[0].target = Quantity::Amount(Rupiah(-5_000_000));
        terms.commitments[1].target = Quantity::Count(0);
        let error = Given::<Agreement>::nothing()
            .when(&draft(terms))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            ["commitments[0].target", "commitments[1].target"]
        );
        let DomainError::Invalid(violations) = error else {
            unreachable!()
        };
        assert!(violations[0].description.contains("more than zero"));
    }

    #[test]
    fn a_target_must_be_in_the_unit_of_its_kind() {
        let mut terms = terms();
        terms.commitments[0].target = Quantity::Count(10);
        let error = Given::<Agreement>::nothing()
            .when(&draft(terms))
            .then_error();
        assert_eq!(invalid_fields(&error), ["commitments[0].target"]);
    }

    #[test]
    fn commitments_come_from_parties_inside_the_term() {
        let mut terms = terms();
        terms.commitments[0].provider = Party::Partner(id(999));
        terms.commitments[1].period_start = date("2026-01-01");
        terms.commitments.push(commitment(
            training_id(),
            CommitmentKind::Transport,
            Quantity::Count(3),
        ));
        let error = Given::<Agreement>::nothing()
            .when(&draft(terms))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            [
                "commitments[0].provider_partner_id",
                "commitments[1].period_start",
                "commitments[2].commitment_id"
            ]
        );
    }

    #[test]
    fn a_commitment_period_ending_before_it_starts_is_refused() {
        let mut terms = terms();
        terms.commitments[1].period_start = date("2026-06-01");
        terms.commitments[1].period_end = date("2026-05-31");
        let error = Given::<Agreement>::nothing()
            .when(&draft(terms))
            .then_error();
        assert_eq!(invalid_fields(&error), ["commitments[1].period_end"]);
    }

    #[test]
    fn partners_are_listed_once_known_and_active() {
        let mut twice = terms();
        twice.partner_ids.push(bank());
        let error = Given::<Agreement>::nothing()
            .when(&draft(twice))
            .then_error();
        assert_eq!(invalid_fields(&error), ["partner_ids[1]"]);

        let mut none = terms();
        none.partner_ids.clear();
        none.commitments.clear();
        let error = Given::<Agreement>::nothing()
            .when(&draft(none))
            .then_error();
        assert_eq!(invalid_fields(&error), ["partner_ids"]);

        let mut command = draft_with(terms());
        command.partners.clear();
        let error = Given::<Agreement>::nothing()
            .when(&AgreementCommand::Draft(command))
            .then_error();
        assert!(not_found(&error, "partner"));

        let mut command = draft_with(terms());
        command.partners = vec![partner_in(
            100,
            PartnerStanding::Suspended {
                reason: "audit".into(),
            },
        )];
        let error = Given::<Agreement>::nothing()
            .when(&AgreementCommand::Draft(command))
            .then_error();
        assert_eq!(rule(&error).0, "partner_ids[0]");
    }
}
