//! Abandoning a draft unsigned.

use berdaya_domain::DomainError;

use super::require_draft;
use crate::domain::agreement::{Agreement, AgreementEvent, WithdrawDraft};
use crate::domain::dates::not_before;

/// Withdraws the draft; it stays in the history, never in force.
pub(super) fn decide(
    state: &Agreement,
    command: &WithdrawDraft,
) -> Result<Vec<AgreementEvent>, DomainError> {
    require_draft(state)?;
    not_before(
        "withdrawn_on",
        command.withdrawn_on,
        state.draft_changed_on,
        "the draft's last change",
    )?;
    Ok(vec![AgreementEvent::DraftWithdrawn {
        reason: command.reason.clone(),
        withdrawn_by: command.withdrawn_by.clone(),
        withdrawn_on: command.withdrawn_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    fn withdraw(on: &str) -> AgreementCommand {
        AgreementCommand::WithdrawDraft(WithdrawDraft {
            reason: "mitra mundur".into(),
            withdrawn_by: DRAFTER.into(),
            withdrawn_on: date(on),
        })
    }

    #[test]
    fn a_withdrawn_draft_is_never_in_force() {
        let agreement = Given::<Agreement>::new(vec![drafted()])
            .when(&withdraw("2026-01-15"))
            .then(vec![AgreementEvent::DraftWithdrawn {
                reason: "mitra mundur".into(),
                withdrawn_by: DRAFTER.into(),
                withdrawn_on: date("2026-01-15"),
            }]);
        assert_eq!(
            agreement.status_on(date("2026-06-01")),
            Some(AgreementStatus::Withdrawn)
        );
    }

    #[test]
    fn a_signed_agreement_is_terminated_not_withdrawn() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&withdraw("2026-03-01"))
            .then_error();
        assert_eq!(rule(&error).0, "agreement_id");
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&withdraw("2026-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "withdrawn_on");
    }
}
