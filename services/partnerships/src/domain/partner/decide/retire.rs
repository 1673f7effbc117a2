//! Ending a partnership for good.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::partner::{Partner, PartnerEvent, RetirePartner};

/// Retires an active or suspended partner; the decision guard refuses a retired one.
pub(super) fn decide(
    state: &Partner,
    command: &RetirePartner,
) -> Result<Vec<PartnerEvent>, DomainError> {
    not_before(
        "retired_on",
        command.retired_on,
        state.status_since,
        "the partner's current status began",
    )?;
    Ok(vec![PartnerEvent::Retired {
        reason: command.reason.clone(),
        retired_on: command.retired_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::PartnerStanding;
    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn retire(on: &str) -> PartnerCommand {
        PartnerCommand::Retire(RetirePartner {
            reason: "kerja sama berakhir".into(),
            retired_on: date(on),
        })
    }

    #[test]
    fn active_and_suspended_partners_retire() {
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&retire("2026-04-01"))
            .then(vec![retired()]);
        assert_eq!(
            partner.facts(partner_id()).standing,
            PartnerStanding::Retired
        );
        Given::<Partner>::new(vec![registered(), suspended()])
            .when(&retire("2026-04-01"))
            .then(vec![retired()]);
    }

    #[test]
    fn retiring_twice_or_early_is_refused() {
        let error = Given::<Partner>::new(vec![registered(), retired()])
            .when(&retire("2026-05-01"))
            .then_error();
        assert_eq!(rule(&error).0, "partner_id");

        let error = Given::<Partner>::new(vec![registered(), suspended()])
            .when(&retire("2026-02-01"))
            .then_error();
        assert_eq!(rule(&error).0, "retired_on");
    }
}
