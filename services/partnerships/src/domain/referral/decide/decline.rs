//! The partner declines a referral, before or after accepting it (e.g. after assessing
//! the applicant).

use berdaya_domain::DomainError;

use super::{for_its_partner, still_open};
use crate::domain::dates::not_before;
use crate::domain::referral::{DeclineReferral, Referral, ReferralEvent};

/// Records the partner's refusal with its reason.
pub(super) fn decide(
    state: &Referral,
    command: &DeclineReferral,
) -> Result<Vec<ReferralEvent>, DomainError> {
    for_its_partner(state, command.acting_for)?;
    still_open(state)?;
    not_before(
        "declined_on",
        command.declined_on,
        state.status_since,
        "the referral's last step",
    )?;
    Ok(vec![ReferralEvent::Declined {
        declined_on: command.declined_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;

    fn decline(on: &str) -> ReferralCommand {
        ReferralCommand::Decline(DeclineReferral {
            declined_on: date(on),
            reason: "usaha belum berjalan 6 bulan".into(),
            acting_for: None,
        })
    }

    #[test]
    fn a_referral_is_declined_with_its_reason_before_or_after_acceptance() {
        let referral = Given::<Referral>::new(vec![made()])
            .when(&decline("2026-03-05"))
            .then(vec![declined()]);
        assert_eq!(referral.status, ReferralStatus::Declined);
        assert_eq!(
            referral.reason.as_deref(),
            Some("usaha belum berjalan 6 bulan")
        );
        Given::<Referral>::new(vec![made(), accepted()])
            .when(&decline("2026-03-10"))
            .events();
    }

    #[test]
    fn a_settled_referral_is_not_declined() {
        let error = Given::<Referral>::new(vec![made(), declined()])
            .when(&decline("2026-03-06"))
            .then_error();
        assert!(rule(&error).1.contains("already declined"));
        let error = Given::<Referral>::new(vec![made(), accepted()])
            .when(&decline("2026-03-04"))
            .then_error();
        assert_eq!(rule(&error).0, "declined_on");
    }
}
