//! The office withdraws a referral the partner has not settled (the household moved,
//! found help elsewhere, or no longer wants it).

use berdaya_domain::DomainError;

use super::still_open;
use crate::domain::dates::not_before;
use crate::domain::referral::{Referral, ReferralEvent, WithdrawReferral};

/// Records the withdrawal with its reason.
pub(super) fn decide(
    state: &Referral,
    command: &WithdrawReferral,
) -> Result<Vec<ReferralEvent>, DomainError> {
    still_open(state)?;
    not_before(
        "withdrawn_on",
        command.withdrawn_on,
        state.status_since,
        "the referral's last step",
    )?;
    Ok(vec![ReferralEvent::Withdrawn {
        withdrawn_on: command.withdrawn_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;

    fn withdraw(on: &str) -> ReferralCommand {
        ReferralCommand::Withdraw(WithdrawReferral {
            withdrawn_on: date(on),
            reason: "keluarga pindah".into(),
        })
    }

    #[test]
    fn an_open_referral_is_withdrawn() {
        let referral = Given::<Referral>::new(vec![made(), accepted()])
            .when(&withdraw("2026-03-10"))
            .then(vec![ReferralEvent::Withdrawn {
                withdrawn_on: date("2026-03-10"),
                reason: "keluarga pindah".into(),
            }]);
        assert_eq!(referral.status, ReferralStatus::Withdrawn);
    }

    #[test]
    fn a_settled_referral_is_not_withdrawn() {
        let error = Given::<Referral>::new(vec![made(), declined()])
            .when(&withdraw("2026-03-10"))
            .then_error();
        assert_eq!(rule(&error).0, "referral_id");
        let error = Given::<Referral>::new(vec![made()])
            .when(&withdraw("2026-03-01"))
            .then_error();
        assert_eq!(rule(&error).0, "withdrawn_on");
    }
}
