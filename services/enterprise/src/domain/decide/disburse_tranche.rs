//! Disbursing a tranche of a grant into the group account.

use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `DisburseTranche`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::DisburseTranche {
        grant_id,
        amount,
        disbursed_on,
        reference,
    } = command
    else {
        return Err(not_this(command));
    };
    positive("amount", *amount)?;
    let grant = state
        .grant(*grant_id)
        .ok_or_else(|| DomainError::not_found(format!("grant {grant_id}")))?;
    let account = state.account.as_ref().ok_or_else(|| {
        DomainError::rule(
            "group_id",
            "the group has no bank account on record: record it before disbursing",
        )
    })?;
    let remaining = grant.remaining();
    if *amount > remaining {
        return Err(DomainError::rule(
            "amount",
            format!(
                "the tranche of {} exceeds what remains of the award ({} of {})",
                amount, remaining, grant.amount
            ),
        ));
    }
    not_before(
        "disbursed_on",
        *disbursed_on,
        Some(grant.awarded_on),
        "the grant was awarded",
    )?;
    Ok(vec![GroupEvent::TrancheDisbursed {
        grant_id: *grant_id,
        number: u32::try_from(grant.tranches.len()).unwrap_or(u32::MAX - 1) + 1,
        amount: *amount,
        disbursed_on: *disbursed_on,
        reference: reference.clone(),
        // The amount is at most what remains, so this cannot go below zero.
        remaining: remaining.saturating_sub(*amount),
        account_number: account.account_number.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn tranches_go_into_the_group_account_and_never_exceed_the_award() {
        let group = Given::<KubeGroup>::new(awarded_with_account())
            .when(&disburse(12_000_000))
            .then(vec![GroupEvent::TrancheDisbursed {
                grant_id: id(500),
                number: 1,
                amount: Rupiah(12_000_000),
                disbursed_on: date("2026-02-01"),
                reference: "TRF-2".into(),
                remaining: Rupiah(8_000_000),
                account_number: "0123456789".into(),
            }]);
        assert_eq!(group.grant(id(500)).unwrap().remaining(), Rupiah(8_000_000));

        let mut history = awarded_with_account();
        history.push(tranche(12_000_000, 8_000_000));
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&disburse(8_000_001))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "amount" && reason.contains("exceeds what remains of the award (Rp 8.000.000")));
        // Exactly what remains is fine, and the second tranche is numbered 2.
        let events = Given::<KubeGroup>::new(history)
            .when(&disburse(8_000_000))
            .events();
        assert!(
            matches!(&events[0], GroupEvent::TrancheDisbursed { number: 2, remaining, .. }
            if *remaining == Rupiah::ZERO)
        );
    }

    #[test]
    fn a_tranche_needs_an_award_an_account_and_a_positive_amount() {
        let error = Given::<KubeGroup>::new(formed())
            .when(&disburse(1_000))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));

        let mut history = formed();
        history.push(grant_awarded());
        let error = Given::<KubeGroup>::new(history)
            .when(&disburse(1_000))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("bank account"))
        );

        let error = Given::<KubeGroup>::new(awarded_with_account())
            .when(&disburse(0))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "amount"));
    }
}
