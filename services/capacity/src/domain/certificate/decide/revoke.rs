//! Revoking a certificate with a reason.

use berdaya_domain::DomainError;

use super::super::{Certificate, CertificateEvent, RevokeCertificate};
use crate::domain::check::{invalid, not_before};

/// Revokes a certificate; from that day it certifies nothing.
pub(super) fn revoke(
    state: &Certificate,
    command: &RevokeCertificate,
) -> Result<Vec<CertificateEvent>, DomainError> {
    if command.note.trim().is_empty() {
        return invalid("note", "is required: say what happened");
    }
    if let Some(issued_on) = state.issued_on {
        not_before(
            "revoked_on",
            command.revoked_on,
            issued_on,
            "the certificate was issued",
        )?;
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("certificate"))?;
    Ok(vec![CertificateEvent::Revoked {
        subject_id,
        revoked_on: command.revoked_on,
        reason: command.reason,
        note: Some(command.note.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::certificate::fixtures::*;
    use crate::domain::certificate::*;
    use crate::domain::facts::CertificateStanding;
    use crate::domain::fixtures::*;

    fn revoke(on: &str, note: &str) -> CertificateCommand {
        CertificateCommand::Revoke(RevokeCertificate {
            revoked_on: date(on),
            reason: RevocationReason::FraudulentAssessment,
            note: note.to_owned(),
        })
    }

    #[test]
    fn a_revoked_certificate_stands_revoked_from_that_day() {
        let state = Given::<Certificate>::new(issued())
            .when(&revoke("2027-01-05", "lembar ujian dipalsukan"))
            .then(revoked()[1..].to_vec());
        assert_eq!(
            state.standing_on(date("2027-01-04")),
            Some(CertificateStanding::Valid)
        );
        assert_eq!(
            state.standing_on(date("2027-01-05")),
            Some(CertificateStanding::Revoked)
        );
    }

    #[test]
    fn revoking_twice_is_refused() {
        let error = Given::<Certificate>::new(revoked())
            .when(&revoke("2027-02-01", "lagi"))
            .then_error();
        assert_eq!(rule_field(error), "certificate_id");
    }

    #[test]
    fn a_note_and_a_date_after_issue_are_required() {
        let error = Given::<Certificate>::new(issued())
            .when(&revoke("2027-01-05", ""))
            .then_error();
        assert_eq!(invalid_field(error), "note");
        let error = Given::<Certificate>::new(issued())
            .when(&revoke("2026-03-09", "x"))
            .then_error();
        assert_eq!(rule_field(error), "revoked_on");
    }
}
