//! What users ask of an advocacy case. Ids, "today", the caller and the facts about
//! households and partners are chosen or looked up at the edge and passed in, so that
//! deciding stays pure. Texts arrive trimmed and length-checked by the edge.

use berdaya_domain::id::RegionCode;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::access::Caller;
use super::events::{CaseDetails, Evidence, PlannedStep, ResponsibleParty, RestoredAccess};
use crate::domain::{
    ActionKind, EscalationLevel, HouseholdFacts, IntakeChannel, PartnerFacts, RiskLevel, Urgency,
};

/// Report a new case.
#[derive(Debug, Clone)]
pub struct ReportCase {
    /// Id chosen for it.
    pub case_id: Uuid,
    /// The case's region (any level); every household must live within it. `None` when
    /// the caller named none and the edge could not take the households' shared region
    /// (they are unknown, closed, or live in different provinces): refused.
    pub region: Option<RegionCode>,
    /// The households affected, at least one, in request order.
    pub households: Vec<HouseholdFacts>,
    /// A code of the rights reference data.
    pub right_code: String,
    /// A short public summary, without names.
    pub summary: String,
    /// Who is responsible.
    pub responsible: ResponsibleParty,
    /// How it came in.
    pub channel: IntakeChannel,
    /// How urgent it is.
    pub urgency: Urgency,
    /// Where it is handled at first: a rung of the government ladder.
    pub level: EscalationLevel,
    /// When it was reported.
    pub reported_on: NaiveDate,
    /// The case team at intake (caseworker subjects), possibly empty.
    pub caseworkers: Vec<String>,
    /// Data subject chosen for the case's personal data.
    pub subject_id: Uuid,
    /// Reporter and account (personal data).
    pub details: CaseDetails,
}

/// Assess a reported case.
#[derive(Debug, Clone)]
pub struct AssessCase {
    /// When.
    pub assessed_on: NaiveDate,
    /// Who (authenticated subject).
    pub assessed_by: String,
    /// The facts established (personal data: may name people).
    pub facts: String,
    /// Evidence gathered, each with a fresh id.
    pub evidence: Vec<Evidence>,
    /// Risk to the households.
    pub risk: RiskLevel,
}

/// Add one evidence document.
#[derive(Debug, Clone)]
pub struct AddEvidence {
    /// The evidence, with a fresh id.
    pub evidence: Evidence,
}

/// Add households found affected.
#[derive(Debug, Clone)]
pub struct AddHouseholds {
    /// The households, at least one.
    pub households: Vec<HouseholdFacts>,
    /// When.
    pub added_on: NaiveDate,
}

/// Put a caseworker on the case team.
#[derive(Debug, Clone)]
pub struct AssignCaseworker {
    /// The caseworker (subject).
    pub caseworker_id: String,
    /// When.
    pub assigned_on: NaiveDate,
}

/// Take a caseworker off the case team.
#[derive(Debug, Clone)]
pub struct UnassignCaseworker {
    /// The caseworker (subject).
    pub caseworker_id: String,
    /// When.
    pub unassigned_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Adopt an action plan (a new version replaces the current one).
#[derive(Debug, Clone)]
pub struct AdoptActionPlan {
    /// When.
    pub adopted_on: NaiveDate,
    /// What the plan aims to obtain.
    pub objective: String,
    /// The steps, at least one.
    pub steps: Vec<PlannedStep>,
}

/// Record an advocacy action.
#[derive(Debug, Clone)]
pub struct TakeAction {
    /// Id chosen for it.
    pub action_id: Uuid,
    /// The kind.
    pub kind: ActionKind,
    /// When.
    pub taken_on: NaiveDate,
    /// What was done.
    pub description: String,
    /// Affected households that took part.
    pub households: Vec<Uuid>,
    /// Partners that took part, as the partner registry knows them.
    pub partners: Vec<PartnerFacts>,
    /// Other institutions present, by institution.
    pub institutions: Vec<String>,
    /// What came of it.
    pub outcome: String,
}

/// Escalate the case.
#[derive(Debug, Clone)]
pub struct Escalate {
    /// Where to.
    pub to: EscalationLevel,
    /// Why.
    pub reason: String,
    /// When.
    pub escalated_on: NaiveDate,
}

/// Revise the urgency.
#[derive(Debug, Clone)]
pub struct ChangeUrgency {
    /// The new urgency.
    pub urgency: Urgency,
    /// Why.
    pub reason: String,
    /// When.
    pub changed_on: NaiveDate,
}

/// Record that the case waits on the reporter.
#[derive(Debug, Clone)]
pub struct AwaitReporter {
    /// Since when.
    pub since: NaiveDate,
    /// What is awaited.
    pub reason: String,
}

/// Record that the reporter responded.
#[derive(Debug, Clone)]
pub struct RecordReporterResponse {
    /// When.
    pub responded_on: NaiveDate,
}

/// Resolve the case.
#[derive(Debug, Clone)]
pub struct Resolve {
    /// When.
    pub resolved_on: NaiveDate,
    /// The remedy obtained.
    pub remedy: String,
    /// The households whose access was regained, at least one, each with its date.
    pub restored: Vec<RestoredAccess>,
}

/// Close the case without a remedy.
#[derive(Debug, Clone)]
pub struct CloseUnresolved {
    /// When.
    pub closed_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Reopen a resolved or closed case.
#[derive(Debug, Clone)]
pub struct Reopen {
    /// When.
    pub reopened_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Write a note.
#[derive(Debug, Clone)]
pub struct AddNote {
    /// Id chosen for it.
    pub note_id: Uuid,
    /// The author, as authenticated.
    pub author: Caller,
    /// Now.
    pub written_at: DateTime<Utc>,
    /// Whether only the case team and the region's supervisors may read the text.
    pub confidential: bool,
    /// The text (personal data: may name people).
    pub text: String,
}

/// Read the text of a confidential note: a read that is recorded.
#[derive(Debug, Clone)]
pub struct ReadConfidentialNote {
    /// The note.
    pub note_id: Uuid,
    /// The reader, as authenticated.
    pub reader: Caller,
    /// Now.
    pub read_at: DateTime<Utc>,
}

/// Erase the case's personal data (admin).
#[derive(Debug, Clone)]
pub struct ErasePersonalData {
    /// Why.
    pub reason: String,
}

/// The commands an advocacy case accepts.
#[derive(Debug, Clone)]
pub enum CaseCommand {
    /// Report a new case.
    Report(ReportCase),
    /// Assess it.
    Assess(AssessCase),
    /// Add evidence.
    AddEvidence(AddEvidence),
    /// Add affected households.
    AddHouseholds(AddHouseholds),
    /// Assign a caseworker.
    AssignCaseworker(AssignCaseworker),
    /// Unassign a caseworker.
    UnassignCaseworker(UnassignCaseworker),
    /// Adopt an action plan.
    AdoptActionPlan(AdoptActionPlan),
    /// Record an action.
    TakeAction(TakeAction),
    /// Escalate.
    Escalate(Escalate),
    /// Revise the urgency.
    ChangeUrgency(ChangeUrgency),
    /// Start waiting on the reporter.
    AwaitReporter(AwaitReporter),
    /// End the wait.
    RecordReporterResponse(RecordReporterResponse),
    /// Resolve.
    Resolve(Resolve),
    /// Close without a remedy.
    CloseUnresolved(CloseUnresolved),
    /// Reopen.
    Reopen(Reopen),
    /// Write a note.
    AddNote(AddNote),
    /// Read a confidential note.
    ReadConfidentialNote(ReadConfidentialNote),
    /// Erase personal data.
    ErasePersonalData(ErasePersonalData),
}
