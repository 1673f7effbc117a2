//! Terminating an agreement before its end date.

use berdaya_domain::DomainError;

use super::require_signed;
use crate::domain::agreement::{Agreement, AgreementEvent, TerminateAgreement};
use crate::domain::dates::not_before;

/// Ends a signed agreement from `terminated_on`: from that day no referral or
/// contribution is made under it.
pub(super) fn decide(
    state: &Agreement,
    command: &TerminateAgreement,
) -> Result<Vec<AgreementEvent>, DomainError> {
    let signing = require_signed(state)?;
    if let Some(termination) = &state.termination {
        return Err(DomainError::rule(
            "agreement_id",
            format!(
                "the agreement is already terminated from {}",
                termination.terminated_on
            ),
        ));
    }
    not_before(
        "terminated_on",
        command.terminated_on,
        Some(signing.signed_on),
        "the signature",
    )?;
    if command.terminated_on > state.terms.end_date {
        return Err(DomainError::rule(
            "terminated_on",
            format!(
                "the agreement's last day is {}: it expires then, with nothing left to terminate",
                state.terms.end_date
            ),
        ));
    }
    Ok(vec![AgreementEvent::Terminated {
        terminated_on: command.terminated_on,
        reason: command.reason.clone(),
        terminated_by: command.terminated_by.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    #[test]
    fn a_terminated_agreement_keeps_its_reason() {
        let agreement = Given::<Agreement>::new(signed_history())
            .when(&terminate("2026-06-15"))
            .then(vec![terminated("2026-06-15")]);
        assert_eq!(
            agreement.termination.as_ref().map(|t| t.reason.as_str()),
            Some("mitra tidak memenuhi kewajiban")
        );
        assert_eq!(
            agreement.status_on(date("2026-06-15")),
            Some(AgreementStatus::Terminated)
        );
    }

    #[test]
    fn only_a_signed_unexpired_agreement_is_terminated_once() {
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&terminate("2026-06-15"))
            .then_error();
        assert!(rule(&error).1.contains("not signed"));

        let mut history = signed_history();
        history.push(terminated("2026-06-15"));
        let error = Given::<Agreement>::new(history)
            .when(&terminate("2026-07-01"))
            .then_error();
        assert!(rule(&error).1.contains("already terminated"));

        let error = Given::<Agreement>::new(signed_history())
            .when(&terminate("2027-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "terminated_on");

        let error = Given::<Agreement>::new(signed_history())
            .when(&terminate("2026-01-19"))
            .then_error();
        assert_eq!(rule(&error).0, "terminated_on");
    }

    #[test]
    fn a_signed_agreement_may_end_before_it_starts() {
        let agreement = Given::<Agreement>::new(signed_history())
            .when(&terminate("2026-01-25"))
            .then(vec![terminated("2026-01-25")]);
        assert_eq!(
            agreement.status_on(date("2026-03-01")),
            Some(AgreementStatus::Terminated)
        );
    }
}
