//! Renewing an agreement (perpanjangan) before it lapses: the next numbered version,
//! with a later end date.

use berdaya_domain::DomainError;

use super::open_for_change;
use crate::domain::agreement::{Agreement, AgreementEvent, RenewAgreement};

/// Records a renewal to a later end date. A renewal comes before the agreement expires:
/// an agreement that has lapsed stays expired, and cooperation resumes under a new one.
pub(super) fn decide(
    state: &Agreement,
    command: &RenewAgreement,
) -> Result<Vec<AgreementEvent>, DomainError> {
    open_for_change(state, "renewed_on", command.renewed_on)?;
    let current_end = state.terms.end_date;
    if command.end_date <= current_end {
        return Err(DomainError::invalid(
            "end_date",
            format!("a renewal ends after the current end date {current_end}"),
        ));
    }
    Ok(vec![AgreementEvent::Renewed {
        version: state.next_version(),
        renewed_on: command.renewed_on,
        previous_end_date: current_end,
        end_date: command.end_date,
        document: command.document.clone(),
        note: command.note.clone(),
        renewed_by: command.renewed_by.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    fn renew(on: &str, until: &str) -> AgreementCommand {
        AgreementCommand::Renew(RenewAgreement {
            renewed_on: date(on),
            end_date: date(until),
            document: document(3),
            note: "diperpanjang satu tahun".into(),
            renewed_by: SUPERVISOR.into(),
        })
    }

    #[test]
    fn a_renewal_extends_the_term_as_a_new_version() {
        let agreement = Given::<Agreement>::new(signed_history())
            .when(&renew("2026-12-01", "2027-12-31"))
            .then(vec![AgreementEvent::Renewed {
                version: 2,
                renewed_on: date("2026-12-01"),
                previous_end_date: date("2026-12-31"),
                end_date: date("2027-12-31"),
                document: document(3),
                note: "diperpanjang satu tahun".into(),
                renewed_by: SUPERVISOR.into(),
            }]);
        assert_eq!(
            agreement.status_on(date("2027-06-01")),
            Some(AgreementStatus::InForce)
        );
        assert_eq!(agreement.expires_on(), Some(date("2028-01-01")));
        assert_eq!(
            agreement.version(1).unwrap().terms.end_date,
            date("2026-12-31")
        );
        assert!(matches!(
            agreement.version(2).unwrap().change,
            VersionChange::Renewed { previous_end_date, .. } if previous_end_date == date("2026-12-31")
        ));
    }

    #[test]
    fn a_lapsed_or_terminated_agreement_is_not_renewed() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&renew("2027-01-01", "2027-12-31"))
            .then_error();
        let (field, reason) = rule(&error);
        assert_eq!(field, "renewed_on");
        assert!(reason.contains("expired on 2027-01-01"));

        let mut history = signed_history();
        history.push(terminated("2026-06-01"));
        let error = Given::<Agreement>::new(history)
            .when(&renew("2026-05-01", "2027-12-31"))
            .then_error();
        assert!(rule(&error).1.contains("terminated"));
    }

    #[test]
    fn a_renewal_ends_later_than_now() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&renew("2026-12-01", "2026-12-31"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["end_date"]);
    }
}
