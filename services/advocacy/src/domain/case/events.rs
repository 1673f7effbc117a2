//! What happened to an advocacy case: the facts its history is made of.
//!
//! Texts that may name people (the reporter, the case description, the assessment's
//! facts, note texts, a private person responsible) are personal data of the case's
//! data subject: they are stored sealed under that subject's key and read as `None`
//! once the key is destroyed. Every other text is a public record of the case and must
//! not name private persons.

use berdaya_domain::id::RegionCode;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::{
    ActionKind, ActorRole, DocumentHash, EscalationLevel, IntakeChannel, PartyKind, RiskLevel,
    ServiceLevel, Urgency,
};

/// The personal data of a case: who reported it and what they told. Sealed under the
/// case's data subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetails {
    /// The reporter's name; `None` for an anonymous report.
    pub reporter_name: Option<String>,
    /// The reporter's phone, if given.
    pub reporter_phone: Option<String>,
    /// The reporter's account of what happened.
    pub description: String,
    /// The name of the person responsible (a private person, or the official who acted),
    /// if given.
    pub responsible_person: Option<String>,
}

/// Who is responsible for the violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibleParty {
    /// Agency, company or private person.
    pub kind: PartyKind,
    /// The agency's or company's name (`Dukcapil Kota Malang`); empty for a private
    /// person, whose name only goes in the sealed [`CaseDetails::responsible_person`].
    pub name: String,
}

/// A household affected by the case, with the village the registry had for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedHousehold {
    /// The household (registry id).
    pub household_id: Uuid,
    /// Its village when it was added to the case.
    pub village: RegionCode,
}

/// A reference to one evidence document, tied to its exact content by a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Stable id.
    pub evidence_id: Uuid,
    /// What the document is (`surat penolakan BPJS`, `foto sumur tercemar`); no names.
    pub description: String,
    /// Where the document is kept (a document-store id or a file number).
    pub reference: String,
    /// SHA-256 of the document.
    pub sha256: DocumentHash,
    /// When it was collected.
    pub collected_on: NaiveDate,
}

/// One step of an action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStep {
    /// The kind of action planned.
    pub kind: ActionKind,
    /// What is to be done.
    pub description: String,
    /// When it should be done by, if set.
    pub due_on: Option<NaiveDate>,
}

/// The date one household regained access to the right or service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoredAccess {
    /// The household.
    pub household_id: Uuid,
    /// When its access was regained.
    pub regained_on: NaiveDate,
}

/// The events of an advocacy case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseEvent {
    /// The case was reported.
    Reported {
        /// Stable id.
        case_id: Uuid,
        /// The region the case belongs to (any level); every affected household lives in it.
        region: RegionCode,
        /// The households affected.
        households: Vec<AffectedHousehold>,
        /// The right violated or access denied (a code of the rights reference data).
        right_code: String,
        /// A short public summary, without names.
        summary: String,
        /// Who is responsible.
        responsible: ResponsibleParty,
        /// How it came in.
        channel: IntakeChannel,
        /// How urgent it is.
        urgency: Urgency,
        /// The targets configured for that urgency when the case was reported.
        service_level: ServiceLevel,
        /// Where it is handled at first (a rung of the government ladder).
        level: EscalationLevel,
        /// When it was reported.
        reported_on: NaiveDate,
        /// The case team at intake (caseworker subjects).
        caseworkers: Vec<String>,
        /// The case's data subject, whose key seals its personal data.
        subject_id: Uuid,
        /// Reporter and account; `None` once erased.
        details: Option<CaseDetails>,
    },
    /// The case was assessed.
    Assessed {
        /// When.
        assessed_on: NaiveDate,
        /// Who assessed (authenticated subject).
        assessed_by: String,
        /// Risk to the households.
        risk: RiskLevel,
        /// Evidence gathered.
        evidence: Vec<Evidence>,
        /// The case's data subject, whose key seals `facts`.
        subject_id: Uuid,
        /// The facts established; `None` once erased.
        facts: Option<String>,
    },
    /// Evidence was added after assessment.
    EvidenceAdded {
        /// The evidence.
        evidence: Evidence,
    },
    /// More households were found affected.
    HouseholdsAdded {
        /// The households.
        households: Vec<AffectedHousehold>,
        /// When.
        added_on: NaiveDate,
    },
    /// A caseworker joined the case team.
    CaseworkerAssigned {
        /// The caseworker (subject).
        caseworker_id: String,
        /// When.
        assigned_on: NaiveDate,
    },
    /// A caseworker left the case team.
    CaseworkerUnassigned {
        /// The caseworker (subject).
        caseworker_id: String,
        /// When.
        unassigned_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// An action plan (or a new version of it) was adopted.
    ActionPlanAdopted {
        /// 1, 2, 3, ...
        version: u32,
        /// When.
        adopted_on: NaiveDate,
        /// What the plan aims to obtain.
        objective: String,
        /// The steps.
        steps: Vec<PlannedStep>,
    },
    /// An advocacy action was taken.
    ActionTaken {
        /// Stable id.
        action_id: Uuid,
        /// The kind.
        kind: ActionKind,
        /// When.
        taken_on: NaiveDate,
        /// What was done.
        description: String,
        /// Affected households that took part.
        households: Vec<Uuid>,
        /// Registered partners that took part.
        partners: Vec<Uuid>,
        /// Other institutions present (agencies, DPRD commissions), by institution.
        institutions: Vec<String>,
        /// What came of it.
        outcome: String,
    },
    /// The case was escalated.
    Escalated {
        /// Where it was handled.
        from: EscalationLevel,
        /// Where it is handled now.
        to: EscalationLevel,
        /// Why.
        reason: String,
        /// When.
        escalated_on: NaiveDate,
    },
    /// The urgency was revised.
    UrgencyChanged {
        /// Before.
        from: Urgency,
        /// After.
        to: Urgency,
        /// The targets configured for the new urgency at the time.
        service_level: ServiceLevel,
        /// Why.
        reason: String,
        /// When.
        changed_on: NaiveDate,
    },
    /// The case began waiting on the reporter (documents, a decision, contact).
    ReporterAwaited {
        /// Since when.
        since: NaiveDate,
        /// What is awaited.
        reason: String,
        /// Whether the wait stops the case's clock (the setting in force when it began).
        clock_paused: bool,
    },
    /// The reporter responded: the wait ended.
    ReporterResponded {
        /// When.
        responded_on: NaiveDate,
    },
    /// The right was restored.
    Resolved {
        /// When.
        resolved_on: NaiveDate,
        /// The remedy obtained.
        remedy: String,
        /// The households whose access was regained, each with its date.
        restored: Vec<RestoredAccess>,
    },
    /// The case was closed without a remedy.
    ClosedUnresolved {
        /// When.
        closed_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// A resolved or closed case was reopened.
    Reopened {
        /// When.
        reopened_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// A note was written.
    NoteAdded {
        /// Stable id.
        note_id: Uuid,
        /// Who wrote it (authenticated subject).
        author: String,
        /// The role they wrote in.
        author_role: ActorRole,
        /// When.
        written_at: DateTime<Utc>,
        /// Whether only the case team and the region's supervisors may read the text.
        confidential: bool,
        /// The case's data subject, whose key seals `text`.
        subject_id: Uuid,
        /// The text; `None` once erased.
        text: Option<String>,
    },
    /// Someone read the text of a confidential note.
    ConfidentialNoteRead {
        /// The note.
        note_id: Uuid,
        /// Who read it (authenticated subject).
        reader: String,
        /// The role that allowed the read.
        reader_role: ActorRole,
        /// When.
        read_at: DateTime<Utc>,
    },
    /// Personal data was erased by destroying keys.
    PersonalDataErased {
        /// Whose keys.
        subject_ids: Vec<Uuid>,
        /// Why.
        reason: String,
    },
}
