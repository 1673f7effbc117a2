//! Renewing a certificate for another period, within the configured window before its
//! last valid day. An expired certificate is not renewed: its holder certifies again.

use berdaya_domain::DomainError;
use chrono::Days;

use super::super::validity::validity_end;
use super::super::{Certificate, CertificateEvent, CertificateRules, RenewCertificate};
use crate::domain::check::invalid;

/// Renews an unrevoked, unexpired certificate from the day after its last valid day.
pub(super) fn renew(
    state: &Certificate,
    command: &RenewCertificate,
    rules: &CertificateRules,
) -> Result<Vec<CertificateEvent>, DomainError> {
    if command.basis.trim().is_empty() {
        return invalid(
            "basis",
            "is required: the refresher course or re-assessment",
        );
    }
    let until = state
        .valid_until
        .ok_or_else(|| DomainError::not_found("certificate"))?;
    if command.renewed_on > until {
        return Err(DomainError::rule(
            "renewed_on",
            format!(
                "the certificate expired on {until}; its holder certifies again through a cohort"
            ),
        ));
    }
    let opens = until
        .checked_sub_days(Days::new(u64::from(rules.renewal_window_days)))
        .unwrap_or(until);
    if command.renewed_on < opens {
        return Err(DomainError::rule(
            "renewed_on",
            format!(
                "renewal opens on {opens}, {} days before the certificate's last valid day {until}",
                rules.renewal_window_days
            ),
        ));
    }
    let next_day = until.checked_add_days(Days::new(1)).ok_or_else(|| {
        DomainError::invalid("renewed_on", "the validity would end past the calendar")
    })?;
    let valid_until = validity_end("renewed_on", next_day, state.validity_months)?;
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("certificate"))?;
    Ok(vec![CertificateEvent::Renewed {
        subject_id,
        renewed_on: command.renewed_on,
        valid_until,
        previous_valid_until: until,
        basis: Some(command.basis.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::certificate::fixtures::*;
    use crate::domain::certificate::*;
    use crate::domain::facts::CertificateStanding;
    use crate::domain::fixtures::*;

    fn renew(on: &str) -> CertificateCommand {
        CertificateCommand::Renew(RenewCertificate {
            renewed_on: date(on),
            basis: "pelatihan penyegaran 2029".to_owned(),
        })
    }

    #[test]
    fn a_renewal_continues_from_the_day_after_the_last_valid_day() {
        let state = Given::<Certificate>::new(issued())
            .when(&renew("2029-01-15"))
            .then(vec![CertificateEvent::Renewed {
                subject_id: holder_subject_id(),
                renewed_on: date("2029-01-15"),
                valid_until: date("2032-03-09"),
                previous_valid_until: date("2029-03-09"),
                basis: Some("pelatihan penyegaran 2029".to_owned()),
            }]);
        assert_eq!(
            state.standing_on(date("2030-06-01")),
            Some(CertificateStanding::Valid)
        );
    }

    #[test]
    fn renewal_opens_the_configured_days_before_expiry() {
        // 90 days before 2029-03-09 is 2028-12-09.
        let error = Given::<Certificate>::new(issued())
            .when(&renew("2028-12-08"))
            .then_error();
        assert_eq!(rule_field(error), "renewed_on");
        Given::<Certificate>::new(issued())
            .when(&renew("2028-12-09"))
            .events();
        Given::<Certificate>::new(issued())
            .with_rules(CertificateRules {
                renewal_window_days: 180,
            })
            .when(&renew("2028-12-08"))
            .events();
    }

    #[test]
    fn an_expired_certificate_is_not_renewed() {
        Given::<Certificate>::new(issued())
            .when(&renew("2029-03-09"))
            .events();
        let error = Given::<Certificate>::new(issued())
            .when(&renew("2029-03-10"))
            .then_error();
        assert_eq!(rule_field(error), "renewed_on");
    }

    #[test]
    fn a_revoked_certificate_is_not_renewed() {
        let error = Given::<Certificate>::new(revoked())
            .when(&renew("2029-01-15"))
            .then_error();
        assert_eq!(rule_field(error), "certificate_id");
    }

    #[test]
    fn a_basis_is_required() {
        let command = CertificateCommand::Renew(RenewCertificate {
            renewed_on: date("2029-01-15"),
            basis: String::new(),
        });
        let error = Given::<Certificate>::new(issued())
            .when(&command)
            .then_error();
        assert_eq!(invalid_field(error), "basis");
    }

    #[test]
    fn an_unissued_certificate_is_not_found() {
        let error = Given::<Certificate>::nothing()
            .when(&renew("2029-01-15"))
            .then_error();
        assert_eq!(not_found(error), "certificate");
    }
}
