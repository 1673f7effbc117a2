//! Sharing IKS (Iuran Kesetiakawanan Sosial, the group's social solidarity fund) with families outside the group.

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `ShareIks`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::ShareIks {
        amount,
        shared_on,
        recipients,
        recipient_household_ids,
    } = command
    else {
        return Err(not_this(command));
    };
    positive("amount", *amount)?;
    let balance = state.iks_balance();
    if *amount > balance {
        return Err(DomainError::rule(
            "amount",
            format!("sharing {amount} exceeds the group's IKS balance ({balance})"),
        ));
    }
    not_before_formation(state, "shared_on", *shared_on)?;
    Ok(vec![GroupEvent::IksShared {
        amount: *amount,
        shared_on: *shared_on,
        recipients: recipients.clone(),
        recipient_household_ids: recipient_household_ids.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn iks_is_tracked_and_never_shared_beyond_its_balance() {
        let mut history = formed();
        history.push(GroupEvent::ProgressReported(report(
            "2026-02", 3_000_000, 2_000_000, 10_000_000,
        )));
        history.push(GroupEvent::ProgressReported(report(
            "2026-03", 4_000_000, 2_000_000, 11_000_000,
        )));
        let group = KubeGroup::from_events_for_test(&history);
        assert_eq!(group.iks_collected(), Rupiah(100_000 + 200_000));

        let share = |amount| GroupCommand::ShareIks {
            amount: Rupiah(amount),
            shared_on: date("2026-04-02"),
            recipients: "sembako for four elderly neighbours".into(),
            recipient_household_ids: vec![],
        };
        let group = Given::<KubeGroup>::new(history.clone())
            .when(&share(250_000))
            .then(vec![GroupEvent::IksShared {
                amount: Rupiah(250_000),
                shared_on: date("2026-04-02"),
                recipients: "sembako for four elderly neighbours".into(),
                recipient_household_ids: vec![],
            }]);
        assert_eq!(group.iks_balance(), Rupiah(50_000));
        let error = Given::<KubeGroup>::new(history)
            .when(&share(300_001))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "amount" && reason.contains("IKS balance (Rp 300.000)")));
    }
}
