//! Givens for the certificate aggregate: participant 1 of the KUBE facilitator cohort,
//! completed on 2026-03-06, certified on 2026-03-10 for 36 months.

use uuid::Uuid;

use crate::domain::certificate::*;
use crate::domain::cohort::fixtures::{cohort_id, participant};
use crate::domain::facts::{CompletionFacts, CompletionOutcome};
use crate::domain::fixtures::{date, id};
use crate::domain::programme::CertificateSpec;
use crate::domain::programme::fixtures::programme_id;

pub(crate) fn certificate_id() -> Uuid {
    id(610)
}

/// The holder's data subject.
pub(crate) fn holder_subject_id() -> Uuid {
    id(611)
}

pub(crate) fn completion(outcome: CompletionOutcome) -> CompletionFacts {
    CompletionFacts {
        cohort_id: cohort_id(),
        programme_id: programme_id(),
        person_id: participant(1),
        outcome,
    }
}

pub(crate) fn completed() -> CompletionOutcome {
    CompletionOutcome::Completed {
        completed_on: date("2026-03-06"),
        certificate: CertificateSpec {
            name: "Sertifikat Pendamping KUBE".to_owned(),
            validity_months: 36,
        },
    }
}

pub(crate) fn issue() -> CertificateCommand {
    CertificateCommand::Issue(IssueCertificate {
        certificate_id: certificate_id(),
        certificate_number: "DIKLAT-KUBE/2026/0001".to_owned(),
        completion: completion(completed()),
        holder_subject_id: holder_subject_id(),
        issued_on: date("2026-03-10"),
    })
}

/// Issued on 2026-03-10, valid to 2029-03-09.
pub(crate) fn issued() -> Vec<CertificateEvent> {
    vec![CertificateEvent::Issued {
        certificate_id: certificate_id(),
        subject_id: holder_subject_id(),
        certificate_number: Some("DIKLAT-KUBE/2026/0001".to_owned()),
        holder_id: participant(1),
        programme_id: programme_id(),
        cohort_id: cohort_id(),
        name: "Sertifikat Pendamping KUBE".to_owned(),
        validity_months: 36,
        issued_on: date("2026-03-10"),
        valid_from: date("2026-03-10"),
        valid_until: date("2029-03-09"),
    }]
}

/// Issued, then revoked on 2027-01-05.
pub(crate) fn revoked() -> Vec<CertificateEvent> {
    let mut events = issued();
    events.push(CertificateEvent::Revoked {
        subject_id: holder_subject_id(),
        revoked_on: date("2027-01-05"),
        reason: RevocationReason::FraudulentAssessment,
        note: Some("lembar ujian dipalsukan".to_owned()),
    });
    events
}
