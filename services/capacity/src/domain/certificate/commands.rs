//! What users ask of a certificate. Ids, numbers and the facts about the cohort, the
//! holder and the programme are chosen or looked up at the edge.

use chrono::NaiveDate;
use uuid::Uuid;

use super::events::RevocationReason;
use crate::domain::facts::{CompletionFacts, PersonFacts, ProgrammeFacts};

/// The commands a certificate accepts.
#[derive(Debug, Clone)]
pub enum CertificateCommand {
    /// Issue a certificate on completion.
    Issue(IssueCertificate),
    /// Recognise an outside certificate.
    Recognise(RecogniseCertificate),
    /// Renew it.
    Renew(RenewCertificate),
    /// Revoke it.
    Revoke(RevokeCertificate),
}

/// Issues a certificate to a participant who completed a cohort.
#[derive(Debug, Clone)]
pub struct IssueCertificate {
    /// Id chosen for it.
    pub certificate_id: Uuid,
    /// Its number as printed.
    pub certificate_number: String,
    /// What the cohort records of the person's completion.
    pub completion: CompletionFacts,
    /// The holder's data subject (from the person registry), whose key seals the number.
    pub holder_subject_id: Uuid,
    /// When.
    pub issued_on: NaiveDate,
}

/// Recognises a certificate issued outside the programme.
#[derive(Debug, Clone)]
pub struct RecogniseCertificate {
    /// Id chosen for it.
    pub certificate_id: Uuid,
    /// Its number as printed.
    pub certificate_number: String,
    /// The holder, as the registry holds them.
    pub holder: PersonFacts,
    /// The holder's data subject (from the person registry), whose key seals the number
    /// and reference.
    pub holder_subject_id: Uuid,
    /// The programme it is recognised for, as the catalogue holds it.
    pub programme: ProgrammeFacts,
    /// Who issued it.
    pub issuing_body: String,
    /// The evidence seen.
    pub reference: String,
    /// First valid day, as issued.
    pub valid_from: NaiveDate,
    /// Last valid day, as issued.
    pub valid_until: NaiveDate,
    /// When it is recognised.
    pub recognised_on: NaiveDate,
}

/// Renews a certificate.
#[derive(Debug, Clone)]
pub struct RenewCertificate {
    /// When.
    pub renewed_on: NaiveDate,
    /// What the renewal rests on.
    pub basis: String,
}

/// Revokes a certificate.
#[derive(Debug, Clone)]
pub struct RevokeCertificate {
    /// When.
    pub revoked_on: NaiveDate,
    /// Why.
    pub reason: RevocationReason,
    /// What happened.
    pub note: String,
}
