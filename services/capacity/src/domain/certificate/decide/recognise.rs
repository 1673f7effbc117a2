//! Recognising a certificate issued outside the programme (by a certification body such
//! as LSPS, or before Berdaya), so that its holder counts as certified: how the first
//! trainers of a programme are qualified.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::validity::validity_end;
use super::super::{Certificate, CertificateEvent, RecogniseCertificate};
use super::unissued;
use crate::domain::check::require_text;

/// Recognises an unexpired outside certificate of an active person for an open
/// programme, for no longer than the programme's own validity.
pub(super) fn recognise(
    state: &Certificate,
    command: &RecogniseCertificate,
) -> Result<Vec<CertificateEvent>, DomainError> {
    unissued(state)?;
    let mut violations = Violations::new();
    require_text(
        &mut violations,
        "certificate_number",
        &command.certificate_number,
    );
    require_text(&mut violations, "issuing_body", &command.issuing_body);
    require_text(&mut violations, "reference", &command.reference);
    if command.valid_until < command.valid_from {
        violations.add("valid_until", "must not be before valid_from");
    }
    violations.finish()?;
    command.holder.active_role("person_id")?;
    let offer = command.programme.open_offer("programme_id")?;
    let spec = &offer.terms.certificate;
    if command.recognised_on > command.valid_until {
        return Err(DomainError::rule(
            "valid_until",
            format!(
                "the certificate expired on {}; an expired certificate is not recognised",
                command.valid_until
            ),
        ));
    }
    let longest = validity_end("valid_from", command.valid_from, spec.validity_months)?;
    if command.valid_until > longest {
        return Err(DomainError::rule(
            "valid_until",
            format!(
                "is later than the programme's validity of {} months allows ({longest})",
                spec.validity_months
            ),
        ));
    }
    Ok(vec![CertificateEvent::Recognised {
        certificate_id: command.certificate_id,
        subject_id: command.holder_subject_id,
        certificate_number: Some(command.certificate_number.clone()),
        holder_id: command.holder.person_id,
        programme_id: command.programme.programme_id,
        name: spec.name.clone(),
        validity_months: spec.validity_months,
        issuing_body: command.issuing_body.clone(),
        reference: Some(command.reference.clone()),
        valid_from: command.valid_from,
        valid_until: command.valid_until,
        recognised_on: command.recognised_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::certificate::fixtures::*;
    use crate::domain::certificate::*;
    use crate::domain::cohort::fixtures::open_programme;
    use crate::domain::facts::{PersonStanding, ProgrammeStanding};
    use crate::domain::fixtures::*;
    use crate::domain::programme::fixtures::programme_id;
    use crate::domain::roles::PersonRole;

    fn recognise() -> RecogniseCertificate {
        RecogniseCertificate {
            certificate_id: certificate_id(),
            certificate_number: "LSPS/0042/2025".to_owned(),
            holder: active_person(400, PersonRole::SocialWorker),
            holder_subject_id: id(401),
            programme: open_programme(),
            issuing_body: "LSPS Pekerjaan Sosial".to_owned(),
            reference: "SK LSPS 12/2025".to_owned(),
            valid_from: date("2025-01-01"),
            valid_until: date("2027-12-31"),
            recognised_on: date("2026-01-10"),
        }
    }

    fn when(command: RecogniseCertificate) -> berdaya_domain::DomainError {
        Given::<Certificate>::nothing()
            .when(&CertificateCommand::Recognise(command))
            .then_error()
    }

    #[test]
    fn an_lsps_certificate_qualifies_its_holder_for_the_programme() {
        let state = Given::<Certificate>::nothing()
            .when(&CertificateCommand::Recognise(recognise()))
            .then(vec![CertificateEvent::Recognised {
                certificate_id: certificate_id(),
                subject_id: id(401),
                certificate_number: Some("LSPS/0042/2025".to_owned()),
                holder_id: id(400),
                programme_id: programme_id(),
                name: "Sertifikat Pendamping KUBE".to_owned(),
                validity_months: 36,
                issuing_body: "LSPS Pekerjaan Sosial".to_owned(),
                reference: Some("SK LSPS 12/2025".to_owned()),
                valid_from: date("2025-01-01"),
                valid_until: date("2027-12-31"),
                recognised_on: date("2026-01-10"),
            }]);
        assert!(
            state
                .facts()
                .unwrap()
                .covers(date("2026-03-02"), date("2026-03-06"))
        );
    }

    #[test]
    fn body_reference_number_and_period_are_each_named() {
        let error = when(RecogniseCertificate {
            certificate_number: String::new(),
            issuing_body: String::new(),
            reference: String::new(),
            valid_until: date("2024-12-31"),
            ..recognise()
        });
        assert_eq!(
            invalid_fields(error),
            [
                "certificate_number",
                "issuing_body",
                "reference",
                "valid_until"
            ]
        );
    }

    #[test]
    fn an_expired_certificate_is_not_recognised() {
        let error = when(RecogniseCertificate {
            recognised_on: date("2028-01-01"),
            ..recognise()
        });
        assert_eq!(rule_field(error), "valid_until");
    }

    #[test]
    fn validity_beyond_the_programmes_is_refused() {
        let error = when(RecogniseCertificate {
            valid_until: date("2028-01-01"),
            ..recognise()
        });
        assert_eq!(rule_field(error), "valid_until");
    }

    #[test]
    fn the_holder_must_be_active_and_the_programme_open() {
        let error = when(RecogniseCertificate {
            holder: person_with(400, PersonStanding::Inactive),
            ..recognise()
        });
        assert_eq!(rule_field(error), "person_id");
        let mut programme = open_programme();
        programme.standing = ProgrammeStanding::Retired;
        let error = when(RecogniseCertificate {
            programme,
            ..recognise()
        });
        assert_eq!(rule_field(error), "programme_id");
    }

    #[test]
    fn an_unknown_holder_or_programme_is_not_found() {
        let error = when(RecogniseCertificate {
            holder: person_with(400, PersonStanding::Unknown),
            ..recognise()
        });
        assert!(not_found(error).contains("person_id"));
        let mut programme = open_programme();
        programme.standing = ProgrammeStanding::Unknown;
        let error = when(RecogniseCertificate {
            programme,
            ..recognise()
        });
        assert!(not_found(error).contains("programme_id"));
    }

    #[test]
    fn an_id_already_issued_is_refused() {
        let error = Given::<Certificate>::new(issued())
            .when(&CertificateCommand::Recognise(recognise()))
            .then_error();
        assert_eq!(duplicate_field(error), "certificate_id");
    }
}
