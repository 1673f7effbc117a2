//! The agreement a referral is made under: signed, in force on the referral's date (not
//! expired, not terminated), concluded by an office whose region holds the referee's
//! village, with the partner as a party; and its commitment, when named, provided by
//! that partner, fulfilled by referrals of this purpose, and running on that date.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::referral::UnderAgreement;
use crate::domain::{AgreementStatus, Party, ReferralPurpose};

/// Refuses a referral the agreement does not cover.
pub(super) fn check(
    under: &UnderAgreement,
    partner_id: Uuid,
    village: &RegionCode,
    purpose: ReferralPurpose,
    referred_on: NaiveDate,
) -> Result<(), DomainError> {
    let id = under.agreement_id;
    let agreement = &under.agreement;
    let status = agreement
        .status_on(referred_on)
        .ok_or_else(|| DomainError::not_found(format!("agreement {id}")))?;
    let terms = &agreement.terms;
    let refusal = match status {
        AgreementStatus::InForce => None,
        AgreementStatus::Drafted => Some(format!("agreement {id} is not signed")),
        AgreementStatus::Withdrawn => Some(format!("agreement {id} is a withdrawn draft")),
        AgreementStatus::Signed => Some(format!(
            "agreement {id} is not in force until {}",
            terms.start_date
        )),
        AgreementStatus::Expired => Some(format!(
            "agreement {id} expired on {} (its last day was {})",
            agreement.expires_on().unwrap_or(terms.end_date),
            terms.end_date
        )),
        AgreementStatus::Terminated => Some(format!(
            "agreement {id} was terminated from {}",
            agreement
                .termination
                .as_ref()
                .map_or(referred_on, |t| t.terminated_on)
        )),
    };
    if let Some(reason) = refusal {
        return Err(DomainError::rule("agreement_id", reason));
    }
    if let Some(region) = &agreement.region
        && !village.is_within(region.as_str())
    {
        return Err(DomainError::rule(
            "agreement_id",
            format!("agreement {id} covers region {region}, not village {village}"),
        ));
    }
    if !terms.partner_ids.contains(&partner_id) {
        return Err(DomainError::rule(
            "agreement_id",
            format!("partner {partner_id} is not a party to agreement {id}"),
        ));
    }
    match under.commitment_id {
        Some(commitment_id) => {
            check_commitment(under, commitment_id, partner_id, purpose, referred_on)
        }
        None => Ok(()),
    }
}

fn check_commitment(
    under: &UnderAgreement,
    commitment_id: Uuid,
    partner_id: Uuid,
    purpose: ReferralPurpose,
    referred_on: NaiveDate,
) -> Result<(), DomainError> {
    let commitment = under.agreement.usable_commitment(commitment_id)?;
    if commitment.provider != Party::Partner(partner_id) {
        return Err(DomainError::rule(
            "commitment_id",
            format!("commitment {commitment_id} is not provided by partner {partner_id}"),
        ));
    }
    match commitment.kind.fulfilled_by() {
        Some(fulfils) if fulfils == purpose => {}
        Some(fulfils) => {
            return Err(DomainError::rule(
                "commitment_id",
                format!(
                    "{} is fulfilled by {fulfils:?} referrals, not {purpose:?}",
                    commitment.kind.noun()
                ),
            ));
        }
        None => {
            return Err(DomainError::rule(
                "commitment_id",
                format!(
                    "{} is fulfilled by recorded contributions, not by referrals",
                    commitment.kind.noun()
                ),
            ));
        }
    }
    commitment.require_covers("commitment_id", referred_on)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::{
        credit_until_june, drafted, signed_with, terminated, training_id,
    };
    use crate::domain::agreement::{Agreement, AmendmentChanges};
    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;
    use crate::domain::{AgreementEvent, ReferralPurpose};

    fn refused(command: MakeReferral) -> (String, String) {
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        let (field, reason) = rule(&error);
        (field.to_owned(), reason.to_owned())
    }

    #[test]
    fn no_referral_under_an_expired_agreement() {
        // The PKS's last day is 2026-12-31; nobody recorded its expiry.
        Given::<Referral>::nothing()
            .when(&make(make_on("2026-12-31")))
            .events();
        let (field, reason) = refused(make_on("2027-01-01"));
        assert_eq!(field, "agreement_id");
        assert!(reason.contains("expired on 2027-01-01"), "{reason}");
    }

    #[test]
    fn no_referral_under_a_terminated_agreement() {
        let mut command = make_on("2026-06-15");
        command.under = Some(under_pks(vec![terminated("2026-06-01")]));
        let (field, reason) = refused(command);
        assert_eq!(field, "agreement_id");
        assert!(reason.contains("terminated from 2026-06-01"));
    }

    #[test]
    fn no_referral_under_an_unsigned_or_not_yet_started_agreement() {
        let mut command = make_on("2026-03-02");
        command.under = Some(UnderAgreement {
            agreement: Box::new(Agreement::from_events([drafted()].iter())),
            ..under_pks(vec![])
        });
        assert!(refused(command).1.contains("is not signed"));

        assert!(
            refused(make_on("2026-01-25"))
                .1
                .contains("not in force until 2026-02-01")
        );

        let mut command = make_on("2026-03-02");
        command.under = Some(UnderAgreement {
            agreement: Box::default(),
            ..under_pks(vec![])
        });
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert!(not_found(&error, "agreement"));
    }

    #[test]
    fn the_referee_must_live_in_the_agreement_region() {
        // The PKS was concluded by the Surabaya office (35.78); the rule on partners'
        // regions is lifted here so that only the agreement's region refuses.
        let mut command = make_on("2026-03-02");
        command.referee.standing = crate::domain::RefereeStanding::Active {
            village: region("35.15.02.2003"),
        };
        let error = Given::<Referral>::nothing()
            .with_rules(ReferralRules {
                partner_must_serve_referee_region: false,
            })
            .when(&make(command))
            .then_error();
        assert_eq!(
            rule(&error),
            (
                "agreement_id",
                &*format!(
                    "agreement {} covers region 35.78, not village 35.15.02.2003",
                    id(200)
                )
            )
        );
    }

    #[test]
    fn the_partner_must_be_a_party_to_the_agreement() {
        let mut command = make_on("2026-03-02");
        command.partner = active_partner(101);
        assert!(refused(command).1.contains("is not a party"));
    }

    #[test]
    fn the_commitment_must_fit_the_partner_purpose_and_date() {
        let mut command = make_on("2026-03-02");
        command.purpose = ReferralPurpose::Training;
        assert!(refused(command).1.contains("fulfilled by Credit referrals"));

        let mut command = make_on("2026-03-02");
        command.under = Some(UnderAgreement {
            commitment_id: Some(id(999)),
            ..under_pks(vec![])
        });
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert!(not_found(&error, "commitment"));

        let withdrawn = AgreementEvent::Amended {
            version: 2,
            amended_on: date("2026-02-15"),
            summary: "pelatihan dihapus".into(),
            changes: AmendmentChanges {
                withdrawn_commitment_ids: vec![training_id()],
                ..AmendmentChanges::default()
            },
            document: crate::domain::agreement::fixtures::document(2),
            amended_by: "supervisor-budi".into(),
        };
        let mut command = make_on("2026-03-02");
        command.purpose = ReferralPurpose::Training;
        command.under = Some(UnderAgreement {
            commitment_id: Some(training_id()),
            ..under_pks(vec![withdrawn])
        });
        assert!(refused(command).1.contains("withdrawn by an amendment"));
    }

    #[test]
    fn no_referral_under_a_commitment_outside_its_period() {
        let agreement = Agreement::from_events(signed_with(credit_until_june()).iter());
        let under = |on: &str| {
            let mut command = make_on(on);
            command.under = Some(UnderAgreement {
                agreement: Box::new(agreement.clone()),
                ..under_pks(vec![])
            });
            command
        };
        Given::<Referral>::nothing()
            .when(&make(under("2026-06-30")))
            .events();
        let (field, reason) = refused(under("2026-07-01"));
        assert_eq!(field, "commitment_id");
        assert!(reason.contains("runs from 2026-02-01 to 2026-06-30"));
    }

    #[test]
    fn a_referral_may_name_the_agreement_without_a_commitment() {
        let mut command = make_on("2026-03-02");
        command.purpose = ReferralPurpose::BasicService;
        command.under = Some(UnderAgreement {
            commitment_id: None,
            ..under_pks(vec![])
        });
        Given::<Referral>::nothing().when(&make(command)).events();
    }
}
