//! Suspending a partnership.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::partner::{Partner, PartnerEvent, PartnerStatus, SuspendPartner};

/// Suspends an active partner; while suspended it takes no new agreement, network
/// membership or referral.
pub(super) fn decide(
    state: &Partner,
    command: &SuspendPartner,
) -> Result<Vec<PartnerEvent>, DomainError> {
    if let PartnerStatus::Suspended { reason } = &state.status {
        return Err(DomainError::rule(
            "partner_id",
            format!("the partner is already suspended ({reason})"),
        ));
    }
    not_before(
        "suspended_on",
        command.suspended_on,
        state.status_since,
        "the partner's current status began",
    )?;
    Ok(vec![PartnerEvent::Suspended {
        reason: command.reason.clone(),
        suspended_on: command.suspended_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::PartnerStanding;
    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn suspend(on: &str) -> PartnerCommand {
        PartnerCommand::Suspend(SuspendPartner {
            reason: "audit berjalan".into(),
            suspended_on: date(on),
        })
    }

    #[test]
    fn a_suspended_partner_keeps_its_reason() {
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&suspend("2026-03-01"))
            .then(vec![suspended()]);
        assert_eq!(
            partner.facts(partner_id()).standing,
            PartnerStanding::Suspended {
                reason: "audit berjalan".into()
            }
        );
    }

    #[test]
    fn suspending_twice_or_before_registration_is_refused() {
        let error = Given::<Partner>::new(vec![registered(), suspended()])
            .when(&suspend("2026-03-05"))
            .then_error();
        assert!(rule(&error).1.contains("already suspended"));

        let error = Given::<Partner>::new(vec![registered()])
            .when(&suspend("2026-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "suspended_on");
    }
}
