//! Ending a suspension.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::partner::{Partner, PartnerEvent, PartnerStatus, ReinstatePartner};

/// Makes a suspended partner active again.
pub(super) fn decide(
    state: &Partner,
    command: &ReinstatePartner,
) -> Result<Vec<PartnerEvent>, DomainError> {
    if !matches!(state.status, PartnerStatus::Suspended { .. }) {
        return Err(DomainError::rule(
            "partner_id",
            "the partner is not suspended",
        ));
    }
    not_before(
        "reinstated_on",
        command.reinstated_on,
        state.status_since,
        "the suspension began",
    )?;
    Ok(vec![PartnerEvent::Reinstated {
        reinstated_on: command.reinstated_on,
        note: command.note.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn reinstate(on: &str) -> PartnerCommand {
        PartnerCommand::Reinstate(ReinstatePartner {
            reinstated_on: date(on),
            note: "audit selesai".into(),
        })
    }

    #[test]
    fn a_reinstated_partner_is_active_again() {
        let partner = Given::<Partner>::new(vec![registered(), suspended()])
            .when(&reinstate("2026-03-20"))
            .then(vec![PartnerEvent::Reinstated {
                reinstated_on: date("2026-03-20"),
                note: "audit selesai".into(),
            }]);
        assert_eq!(partner.status, PartnerStatus::Active);
    }

    #[test]
    fn only_a_suspension_ends_and_not_before_it_began() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&reinstate("2026-03-20"))
            .then_error();
        assert_eq!(rule(&error), ("partner_id", "the partner is not suspended"));

        let error = Given::<Partner>::new(vec![registered(), suspended()])
            .when(&reinstate("2026-02-20"))
            .then_error();
        assert_eq!(rule(&error).0, "reinstated_on");
    }
}
