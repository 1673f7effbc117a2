//! The partner accepts a referral.

use berdaya_domain::DomainError;

use super::for_its_partner;
use crate::domain::dates::not_before;
use crate::domain::referral::{AcceptReferral, Referral, ReferralEvent, ReferralStatus};

/// Records that the partner took the referral on.
pub(super) fn decide(
    state: &Referral,
    command: &AcceptReferral,
) -> Result<Vec<ReferralEvent>, DomainError> {
    for_its_partner(state, command.acting_for)?;
    if state.status != ReferralStatus::Referred {
        return Err(DomainError::rule(
            "referral_id",
            format!(
                "only a referral awaiting the partner is accepted; this one is {}",
                state.status.describe()
            ),
        ));
    }
    not_before(
        "accepted_on",
        command.accepted_on,
        state.referred_on,
        "the referral was made",
    )?;
    Ok(vec![ReferralEvent::Accepted {
        accepted_on: command.accepted_on,
        note: command.note.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::referral::fixtures::*;
    use crate::domain::referral::*;

    fn accept(on: &str, acting_for: Option<u128>) -> ReferralCommand {
        ReferralCommand::Accept(AcceptReferral {
            accepted_on: date(on),
            note: "survei usaha dijadwalkan".into(),
            acting_for: acting_for.map(id),
        })
    }

    #[test]
    fn the_partner_accepts_a_referral() {
        let referral = Given::<Referral>::new(vec![made()])
            .when(&accept("2026-03-05", Some(100)))
            .then(vec![accepted()]);
        assert_eq!(referral.status, ReferralStatus::Accepted);
    }

    #[test]
    fn another_partners_client_cannot_accept() {
        let error = Given::<Referral>::new(vec![made()])
            .when(&accept("2026-03-05", Some(101)))
            .then_error();
        assert!(rule(&error).1.contains("not to partner"));
    }

    #[test]
    fn acceptance_comes_once_and_after_the_referral() {
        let error = Given::<Referral>::new(vec![made(), accepted()])
            .when(&accept("2026-03-06", None))
            .then_error();
        assert_eq!(rule(&error).0, "referral_id");
        let error = Given::<Referral>::new(vec![made(), declined()])
            .when(&accept("2026-03-06", None))
            .then_error();
        assert!(rule(&error).1.contains("declined"));
        let error = Given::<Referral>::new(vec![made()])
            .when(&accept("2026-03-01", None))
            .then_error();
        assert_eq!(rule(&error).0, "accepted_on");
        let error = Given::<Referral>::nothing()
            .when(&accept("2026-03-05", None))
            .then_error();
        assert!(not_found(&error, "referral"));
    }
}
