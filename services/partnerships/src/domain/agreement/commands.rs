//! What users ask of an agreement. Ids, dates, the acting subject and the partners'
//! standing are chosen or looked up at the edge and passed in, so deciding stays pure.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::{Contribution, Signatory};
use super::terms::{AmendmentChanges, Terms};
use crate::domain::{AgreementKind, Document, PartnerFacts};

/// The commands an agreement accepts.
#[derive(Debug, Clone)]
pub enum AgreementCommand {
    /// Write a draft.
    Draft(DraftAgreement),
    /// Rewrite the draft's terms.
    ReviseDraft(ReviseDraft),
    /// Abandon the draft.
    WithdrawDraft(WithdrawDraft),
    /// Record the signature (maker-checker: not by a maker of the draft).
    Sign(SignAgreement),
    /// Record an amendment.
    Amend(AmendAgreement),
    /// Record a renewal.
    Renew(RenewAgreement),
    /// End the agreement early.
    Terminate(TerminateAgreement),
    /// Record a contribution toward a commitment.
    RecordContribution(RecordContribution),
    /// Erase signatories' personal data (admin).
    ErasePersonalData(EraseAgreementPersonalData),
}

/// Write a draft.
#[derive(Debug, Clone)]
pub struct DraftAgreement {
    /// Id chosen for it.
    pub agreement_id: Uuid,
    /// MoU or PKS.
    pub kind: AgreementKind,
    /// The region of the office concluding it (checked at the edge against the
    /// caller's regions and the reference data).
    pub region: RegionCode,
    /// The terms, with commitment ids chosen at the edge.
    pub terms: Terms,
    /// The standing of every partner in `terms.partner_ids`, in the same order.
    pub partners: Vec<PartnerFacts>,
    /// The authenticated subject drafting it.
    pub drafted_by: String,
    /// When.
    pub drafted_on: NaiveDate,
}

/// Rewrite the draft's terms.
#[derive(Debug, Clone)]
pub struct ReviseDraft {
    /// The whole new terms.
    pub terms: Terms,
    /// The standing of every partner in `terms.partner_ids`, in the same order.
    pub partners: Vec<PartnerFacts>,
    /// The authenticated subject revising it.
    pub revised_by: String,
    /// When.
    pub revised_on: NaiveDate,
}

/// Abandon the draft.
#[derive(Debug, Clone)]
pub struct WithdrawDraft {
    /// Why.
    pub reason: String,
    /// The authenticated subject.
    pub withdrawn_by: String,
    /// When.
    pub withdrawn_on: NaiveDate,
}

/// Record the signature.
#[derive(Debug, Clone)]
pub struct SignAgreement {
    /// Date of signature.
    pub signed_on: NaiveDate,
    /// The authenticated supervisor recording it.
    pub signed_by: String,
    /// The officials who signed, subjects chosen at the edge.
    pub signatories: Vec<Signatory>,
    /// The signed document.
    pub document: Document,
    /// The standing of every partner of the agreement now.
    pub partners: Vec<PartnerFacts>,
}

/// Record an amendment.
#[derive(Debug, Clone)]
pub struct AmendAgreement {
    /// Date of the amendment.
    pub amended_on: NaiveDate,
    /// What changed, in words.
    pub summary: String,
    /// What changed, exactly (new commitment ids chosen at the edge).
    pub changes: AmendmentChanges,
    /// The signed amendment.
    pub document: Document,
    /// The authenticated subject recording it.
    pub amended_by: String,
}

/// Record a renewal.
#[derive(Debug, Clone)]
pub struct RenewAgreement {
    /// Date of the renewal.
    pub renewed_on: NaiveDate,
    /// The new last day in force, after the current one.
    pub end_date: NaiveDate,
    /// The signed renewal.
    pub document: Document,
    /// Note.
    pub note: String,
    /// The authenticated subject recording it.
    pub renewed_by: String,
}

/// End the agreement early.
#[derive(Debug, Clone)]
pub struct TerminateAgreement {
    /// The first day it no longer applies.
    pub terminated_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// The authenticated subject recording it.
    pub terminated_by: String,
}

/// Record a contribution.
#[derive(Debug, Clone)]
pub struct RecordContribution {
    /// The contribution, id chosen at the edge.
    pub contribution: Contribution,
    /// The authenticated subject recording it.
    pub recorded_by: String,
}

/// Erase signatories' personal data.
#[derive(Debug, Clone)]
pub struct EraseAgreementPersonalData {
    /// The signatory (its data subject, shown as `signatory_id` in the API); `None`
    /// erases every signatory's.
    pub subject_id: Option<Uuid>,
    /// Why.
    pub reason: String,
}
