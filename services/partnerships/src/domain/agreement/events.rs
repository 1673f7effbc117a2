//! What happened to an agreement: the facts its history is made of. Expiry is not among
//! them: an agreement is expired from the day after its end date without anyone
//! recording anything (see [`Agreement::status_on`](super::Agreement::status_on)).

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::terms::{AmendmentChanges, Terms};
use crate::domain::{AgreementKind, Document, Party, Quantity};

/// Personal data of a signatory. `None` where it is held means it was erased.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatoryData {
    /// Full name as written on the signed document.
    pub full_name: String,
}

// Personal data: keep it out of logs and panic messages.
impl std::fmt::Debug for SignatoryData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignatoryData { full_name: .. }")
    }
}

/// An official who signed an agreement for one of its parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    /// The party signed for.
    pub party: Party,
    /// The data subject whose key seals `person`.
    pub subject_id: Uuid,
    /// Position (jabatan), e.g. `Kepala Dinas Sosial`: a role, not personal data.
    pub position: String,
    /// Name; `None` once erased.
    pub person: Option<SignatoryData>,
}

/// Something a party provided under a commitment outside referrals (places given,
/// equipment handed over, funds transferred).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// Stable id.
    pub contribution_id: Uuid,
    /// The commitment it counts toward.
    pub commitment_id: Uuid,
    /// When it was provided.
    pub contributed_on: NaiveDate,
    /// How much, in the commitment's unit.
    pub quantity: Quantity,
    /// What it was.
    pub description: String,
}

/// The events of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementEvent {
    /// A draft was written.
    Drafted {
        /// Stable id.
        agreement_id: Uuid,
        /// MoU or PKS.
        kind: AgreementKind,
        /// The region of the office concluding it.
        region: RegionCode,
        /// The drafted terms.
        terms: Terms,
        /// Who drafted it (authenticated subject).
        drafted_by: String,
        /// When.
        drafted_on: NaiveDate,
    },
    /// The draft's terms were rewritten before signing.
    DraftRevised {
        /// The whole new terms.
        terms: Terms,
        /// Who (authenticated subject).
        revised_by: String,
        /// When.
        revised_on: NaiveDate,
    },
    /// The draft was abandoned unsigned.
    DraftWithdrawn {
        /// Why.
        reason: String,
        /// Who (authenticated subject).
        withdrawn_by: String,
        /// When.
        withdrawn_on: NaiveDate,
    },
    /// The agreement was signed: version 1.
    Signed {
        /// Date of signature.
        signed_on: NaiveDate,
        /// The supervisor who approved the signing (not a maker of the draft).
        signed_by: String,
        /// The officials who signed for each party.
        signatories: Vec<Signatory>,
        /// The signed document.
        document: Document,
    },
    /// An amendment (adendum) changed the terms: the next version.
    Amended {
        /// The version number it created.
        version: u32,
        /// Date of the amendment.
        amended_on: NaiveDate,
        /// What changed, in words.
        summary: String,
        /// What changed, exactly.
        changes: AmendmentChanges,
        /// The signed amendment.
        document: Document,
        /// Who recorded it (authenticated subject).
        amended_by: String,
    },
    /// The agreement was renewed to a later end date: the next version.
    Renewed {
        /// The version number it created.
        version: u32,
        /// Date of the renewal.
        renewed_on: NaiveDate,
        /// The end date before.
        previous_end_date: NaiveDate,
        /// The new last day in force.
        end_date: NaiveDate,
        /// The signed renewal.
        document: Document,
        /// Note.
        note: String,
        /// Who recorded it (authenticated subject).
        renewed_by: String,
    },
    /// The agreement was ended before its end date.
    Terminated {
        /// The first day it no longer applies.
        terminated_on: NaiveDate,
        /// Why.
        reason: String,
        /// Who recorded it (authenticated subject).
        terminated_by: String,
    },
    /// A contribution toward a commitment was recorded.
    ContributionRecorded {
        /// The contribution.
        contribution: Contribution,
        /// Who recorded it (authenticated subject).
        recorded_by: String,
    },
    /// Signatories' personal data erased by destroying their keys.
    PersonalDataErased {
        /// Whose keys.
        subject_ids: Vec<Uuid>,
        /// Why.
        reason: String,
    },
}
