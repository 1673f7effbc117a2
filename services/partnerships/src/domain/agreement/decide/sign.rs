//! Signing an agreement: maker-checker, so a supervisor who neither drafted nor revised
//! it records the signature.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::{check_partners_active, require_draft};
use crate::domain::Party;
use crate::domain::agreement::{Agreement, AgreementEvent, SignAgreement, Signatory};
use crate::domain::dates::not_before;

/// Records the signature: version 1 of the agreement.
pub(super) fn decide(
    state: &Agreement,
    command: &SignAgreement,
) -> Result<Vec<AgreementEvent>, DomainError> {
    require_draft(state)?;
    if state.makers.contains(&command.signed_by) {
        return Err(DomainError::rule(
            "agreement_id",
            format!(
                "maker-checker: {} drafted or revised this agreement, so another supervisor must sign it off",
                command.signed_by
            ),
        ));
    }
    check_signatories(state, &command.signatories)?;
    not_before(
        "signed_on",
        command.signed_on,
        state.draft_changed_on,
        "the draft's last change",
    )?;
    if command.signed_on > state.terms.end_date {
        return Err(DomainError::rule(
            "signed_on",
            format!(
                "the term ended on {} before the signature: revise the draft's dates",
                state.terms.end_date
            ),
        ));
    }
    check_partners_active(&state.terms.partner_ids, &command.partners, |_| {
        "agreement_id".to_owned()
    })?;
    Ok(vec![AgreementEvent::Signed {
        signed_on: command.signed_on,
        signed_by: command.signed_by.clone(),
        signatories: command.signatories.clone(),
        document: command.document.clone(),
    }])
}

/// One signatory at least for the office and for every partner, each of a party to the
/// agreement, named, and a data subject of their own.
fn check_signatories(state: &Agreement, signatories: &[Signatory]) -> Result<(), DomainError> {
    let mut violations = Violations::new();
    let mut subjects = HashSet::new();
    for (index, signatory) in signatories.iter().enumerate() {
        let field = format!("signatories[{index}]");
        if let Party::Partner(partner) = signatory.party
            && !state.terms.partner_ids.contains(&partner)
        {
            violations.add(
                format!("{field}.partner_id"),
                format!("partner {partner} is not a party to the agreement"),
            );
        }
        if signatory.person.is_none() {
            violations.add(
                format!("{field}.personal.full_name"),
                "the signatory's name is required",
            );
        }
        if !subjects.insert(signatory.subject_id) {
            violations.add(field.clone(), "the signatory is listed twice");
        }
    }
    let signs_for = |party: Party| signatories.iter().any(|s| s.party == party);
    if !signs_for(Party::Office) {
        violations.add("signatories", "the office's signatory is required");
    }
    for partner in &state.terms.partner_ids {
        if !signs_for(Party::Partner(*partner)) {
            violations.add("signatories", format!("partner {partner} has no signatory"));
        }
    }
    violations.finish()
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;
    use crate::domain::{PartnerStanding, Party};

    fn sign(command: SignAgreement) -> AgreementCommand {
        AgreementCommand::Sign(command)
    }

    #[test]
    fn signing_makes_version_1_in_force_from_the_start_date() {
        let agreement = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(sign_by(SUPERVISOR)))
            .then(vec![signed()]);
        let version = agreement.version(1).unwrap();
        assert_eq!(version.change, VersionChange::Signed);
        assert_eq!(version.terms, terms());
        assert_eq!(version.document, document(1));
        assert!(
            !format!("{:?}", signed()).contains("Pejabat"),
            "names stay out of logs"
        );
        assert_eq!(
            agreement.status_on(date("2026-01-25")),
            Some(AgreementStatus::Signed)
        );
        assert_eq!(
            agreement.status_on(date("2026-02-01")),
            Some(AgreementStatus::InForce)
        );
    }

    #[test]
    fn self_signing_is_refused() {
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(sign_by(DRAFTER)))
            .then_error();
        let (field, reason) = rule(&error);
        assert_eq!(field, "agreement_id");
        assert!(reason.contains("maker-checker"));

        // A reviser is a maker too.
        let revised = AgreementEvent::DraftRevised {
            terms: Terms {
                title: "Akses KUR".into(),
                ..terms()
            },
            revised_by: SUPERVISOR.into(),
            revised_on: date("2026-01-11"),
        };
        let error = Given::<Agreement>::new(vec![drafted(), revised])
            .when(&sign(sign_by(SUPERVISOR)))
            .then_error();
        assert!(rule(&error).1.contains("maker-checker"));
    }

    #[test]
    fn every_party_signs_and_only_parties_sign() {
        let mut command = sign_by(SUPERVISOR);
        command.signatories = vec![signatory(Party::Partner(id(999)), 3)];
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(command))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            ["signatories[0].partner_id", "signatories", "signatories"]
        );

        let mut command = sign_by(SUPERVISOR);
        command.signatories[1].person = None;
        command.signatories[1].subject_id = command.signatories[0].subject_id;
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(command))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            ["signatories[1].personal.full_name", "signatories[1]"]
        );
    }

    #[test]
    fn a_signed_agreement_is_not_signed_again() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&sign(sign_by(SUPERVISOR)))
            .then_error();
        assert!(rule(&error).1.contains("already signed"));
    }

    #[test]
    fn a_signature_after_the_term_or_before_the_draft_is_refused() {
        let mut late = sign_by(SUPERVISOR);
        late.signed_on = date("2027-01-01");
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(late))
            .then_error();
        assert_eq!(rule(&error).0, "signed_on");

        let mut early = sign_by(SUPERVISOR);
        early.signed_on = date("2026-01-01");
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(early))
            .then_error();
        assert_eq!(rule(&error).0, "signed_on");
    }

    #[test]
    fn an_agreement_may_be_signed_on_the_last_day_of_its_term() {
        let mut last_day = sign_by(SUPERVISOR);
        last_day.signed_on = date("2026-12-31");
        Given::<Agreement>::new(vec![drafted()])
            .when(&sign(last_day))
            .events();
    }

    #[test]
    fn a_partner_retired_since_drafting_blocks_the_signature() {
        let mut command = sign_by(SUPERVISOR);
        command.partners = vec![partner_in(100, PartnerStanding::Retired)];
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&sign(command))
            .then_error();
        assert!(rule(&error).1.contains("retired"));
    }
}
