//! What happened to a certificate.

use chrono::NaiveDate;
use uuid::Uuid;

/// Why a certificate was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevocationReason {
    /// The holder's conduct (a code-of-ethics breach).
    Misconduct,
    /// The assessment it rests on was found fraudulent.
    FraudulentAssessment,
    /// Issued by mistake.
    IssuedInError,
    /// Anything else (the note says what).
    Other,
}

/// The events of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateEvent {
    /// Issued to a participant who completed a cohort.
    Issued {
        /// Stable id.
        certificate_id: Uuid,
        /// The holder's data subject, whose key seals the number and every note.
        subject_id: Uuid,
        /// The certificate's number as printed: it identifies the holder, so it is sealed
        /// with their key; `None` once erased.
        certificate_number: Option<String>,
        /// The holder (a person).
        holder_id: Uuid,
        /// The programme it certifies.
        programme_id: Uuid,
        /// The cohort completed.
        cohort_id: Uuid,
        /// Its name, from the programme's terms.
        name: String,
        /// How long each period of validity lasts, in months.
        validity_months: u16,
        /// When.
        issued_on: NaiveDate,
        /// First valid day.
        valid_from: NaiveDate,
        /// Last valid day.
        valid_until: NaiveDate,
    },
    /// A certificate issued outside the programme (by a certification body such as
    /// LSPS, or before Berdaya) was recognised as certifying the programme.
    Recognised {
        /// Stable id.
        certificate_id: Uuid,
        /// The holder's data subject, whose key seals the number and every note.
        subject_id: Uuid,
        /// The certificate's number as printed: it identifies the holder, so it is sealed
        /// with their key; `None` once erased.
        certificate_number: Option<String>,
        /// The holder (a person).
        holder_id: Uuid,
        /// The programme it is recognised for.
        programme_id: Uuid,
        /// Its name, from the programme's terms.
        name: String,
        /// How long a renewal extends it, in months (the programme's validity).
        validity_months: u16,
        /// Who issued it.
        issuing_body: String,
        /// The evidence seen (the issuing body's reference or decree number), sealed with
        /// the holder's key; `None` once erased.
        reference: Option<String>,
        /// First valid day, as issued.
        valid_from: NaiveDate,
        /// Last valid day, as issued.
        valid_until: NaiveDate,
        /// When it was recognised.
        recognised_on: NaiveDate,
    },
    /// Renewed for another period, from the day after its previous last valid day.
    Renewed {
        /// The holder's data subject, whose key seals `basis`.
        subject_id: Uuid,
        /// When.
        renewed_on: NaiveDate,
        /// The new last valid day.
        valid_until: NaiveDate,
        /// The last valid day before.
        previous_valid_until: NaiveDate,
        /// What the renewal rests on (a refresher course, a re-assessment), sealed with the
        /// holder's key; `None` once erased.
        basis: Option<String>,
    },
    /// Revoked; it no longer certifies anything from that day on.
    Revoked {
        /// The holder's data subject, whose key seals `note`.
        subject_id: Uuid,
        /// When.
        revoked_on: NaiveDate,
        /// Why.
        reason: RevocationReason,
        /// What happened (about the holder's conduct, so sealed with their key); `None`
        /// once erased.
        note: Option<String>,
    },
}
