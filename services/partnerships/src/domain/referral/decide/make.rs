//! Making a referral: the referee known, active and in the partner's regions; the
//! partner active; an agreement, when named, in force in the referee's region with the
//! partner as a party.

use berdaya_domain::DomainError;

use super::under_agreement;
use crate::domain::partner::serves;
use crate::domain::referral::{MakeReferral, Referral, ReferralEvent, ReferralRules};
use crate::domain::{Referee, RefereeStanding};

/// Refers a household or group to a partner.
pub(super) fn decide(
    state: &Referral,
    command: &MakeReferral,
    rules: &ReferralRules,
) -> Result<Vec<ReferralEvent>, DomainError> {
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "referral_id",
            "a referral with this id already exists",
        ));
    }
    let referee = command.referee.referee;
    let village = match &command.referee.standing {
        RefereeStanding::Unknown => return Err(DomainError::not_found(unknown(referee))),
        RefereeStanding::Inactive => {
            let state = match referee {
                Referee::Household(_) => "closed in the registry",
                Referee::Group(_) => "dissolved",
            };
            return Err(DomainError::rule(
                referee.field(),
                format!("{} {} is {state}", referee.noun(), referee.id()),
            ));
        }
        RefereeStanding::Active { village } => village,
    };
    let partner_id = command.partner.partner_id;
    let regions_served = command.partner.require_active("partner_id")?;
    if rules.partner_must_serve_referee_region && !serves(regions_served, village) {
        let served: Vec<&str> = regions_served.iter().map(|r| r.as_str()).collect();
        return Err(DomainError::rule(
            "partner_id",
            format!(
                "partner {partner_id} does not serve village {village} (it serves {})",
                served.join(", ")
            ),
        ));
    }
    if let Some(under) = &command.under {
        under_agreement::check(
            under,
            partner_id,
            village,
            command.purpose,
            command.referred_on,
        )?;
    }
    Ok(vec![ReferralEvent::Made {
        referral_id: command.referral_id,
        referee,
        village: village.clone(),
        partner_id,
        purpose: command.purpose,
        agreement_id: command.under.as_ref().map(|u| u.agreement_id),
        commitment_id: command.under.as_ref().and_then(|u| u.commitment_id),
        need: command.need.clone(),
        referred_on: command.referred_on,
        referred_by: command.referred_by.clone(),
    }])
}

fn unknown(referee: Referee) -> String {
    format!(
        "{} {} (not known to the partnerships service: not registered, or the news has not arrived yet)",
        referee.noun(),
        referee.id()
    )
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;
    use crate::domain::{PartnerStanding, Referee, RefereeFacts, RefereeStanding, ReferralPurpose};

    #[test]
    fn a_referral_under_an_agreement_in_force_is_made() {
        let referral = Given::<Referral>::nothing()
            .when(&make(make_on("2026-03-02")))
            .then(vec![made()]);
        assert_eq!(referral.status, ReferralStatus::Referred);
        assert_eq!(
            referral.village,
            Some(village()),
            "the edge checks it against the caller"
        );
    }

    #[test]
    fn a_kube_group_is_referred_without_an_agreement() {
        let mut command = make_on("2026-03-02");
        command.referee = RefereeFacts {
            referee: Referee::Group(id(77)),
            standing: RefereeStanding::Active { village: village() },
        };
        command.purpose = ReferralPurpose::Marketing;
        command.under = None;
        let events = Given::<Referral>::nothing().when(&make(command)).events();
        assert!(matches!(
            &events[0],
            ReferralEvent::Made { referee: Referee::Group(g), agreement_id: None, commitment_id: None, .. } if *g == id(77)
        ));
    }

    #[test]
    fn the_household_must_be_known_and_active() {
        let mut command = make_on("2026-03-02");
        command.referee.standing = RefereeStanding::Unknown;
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert!(not_found(&error, "household"));

        let mut command = make_on("2026-03-02");
        command.referee.standing = RefereeStanding::Inactive;
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert_eq!(rule(&error).0, "household_id");

        let mut command = make_on("2026-03-02");
        command.referee = RefereeFacts {
            referee: Referee::Group(id(77)),
            standing: RefereeStanding::Inactive,
        };
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert_eq!(
            rule(&error),
            ("group_id", &*format!("KUBE group {} is dissolved", id(77)))
        );
    }

    #[test]
    fn the_partner_must_be_known_active_and_serve_the_village() {
        let mut command = make_on("2026-03-02");
        command.partner.standing = PartnerStanding::Unknown;
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert!(not_found(&error, "partner"));

        let mut command = make_on("2026-03-02");
        command.partner.standing = PartnerStanding::Suspended {
            reason: "audit".into(),
        };
        let error = Given::<Referral>::nothing()
            .when(&make(command))
            .then_error();
        assert_eq!(rule(&error).0, "partner_id");

        let mut command = make_on("2026-03-02");
        command.referee.standing = RefereeStanding::Active {
            village: region("35.07.01.2001"),
        };
        let error = Given::<Referral>::nothing()
            .when(&make(command.clone()))
            .then_error();
        assert!(
            rule(&error)
                .1
                .contains("does not serve village 35.07.01.2001 (it serves 35.78)")
        );

        // A province may lift the rule (outside any agreement, whose region still counts).
        command.under = None;
        Given::<Referral>::nothing()
            .with_rules(ReferralRules {
                partner_must_serve_referee_region: false,
            })
            .when(&make(command))
            .events();
    }

    #[test]
    fn an_id_is_used_once() {
        let error = Given::<Referral>::new(vec![made()])
            .when(&make(make_on("2026-03-02")))
            .then_error();
        assert!(
            matches!(error, DomainError::AlreadyExists { field, .. } if field == "referral_id")
        );
    }
}
