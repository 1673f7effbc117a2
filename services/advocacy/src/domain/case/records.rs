//! The parts of an advocacy case's state that its events build up.

use berdaya_domain::id::RegionCode;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::events::{PlannedStep, RestoredAccess};
use crate::domain::{ActionKind, ActorRole, EscalationLevel, RiskLevel};

/// A household affected by the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affected {
    /// The household.
    pub household_id: Uuid,
    /// Its village when added.
    pub village: RegionCode,
    /// When it was added to the case.
    pub added_on: NaiveDate,
    /// When it last regained access, if a resolution restored it.
    pub access_regained_on: Option<NaiveDate>,
}

/// The case's assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// When.
    pub assessed_on: NaiveDate,
    /// Who.
    pub assessed_by: String,
    /// Risk to the households.
    pub risk: RiskLevel,
    /// The facts established; `None` once erased.
    pub facts: Option<String>,
}

/// One version of the action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlan {
    /// 1, 2, 3, ...
    pub version: u32,
    /// When.
    pub adopted_on: NaiveDate,
    /// What it aims to obtain.
    pub objective: String,
    /// The steps.
    pub steps: Vec<PlannedStep>,
}

/// An action taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Stable id.
    pub action_id: Uuid,
    /// The kind.
    pub kind: ActionKind,
    /// When.
    pub taken_on: NaiveDate,
    /// What was done.
    pub description: String,
    /// Affected households that took part.
    pub households: Vec<Uuid>,
    /// Partners of the partnerships registry that took part (active or suspended when
    /// the action was recorded).
    pub partners: Vec<Uuid>,
    /// Other institutions present.
    pub institutions: Vec<String>,
    /// What came of it.
    pub outcome: String,
}

/// One escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// From.
    pub from: EscalationLevel,
    /// To.
    pub to: EscalationLevel,
    /// Why.
    pub reason: String,
    /// When.
    pub escalated_on: NaiveDate,
}

/// A period the case waited on the reporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    /// Since when.
    pub since: NaiveDate,
    /// Until when (the response, or the case's closing); `None` while waiting.
    pub until: Option<NaiveDate>,
    /// What was awaited.
    pub reason: String,
    /// Whether it stopped the clock.
    pub clock_paused: bool,
}

/// A period the case was open: from its report or a reopening to its resolution or
/// closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenPeriod {
    /// Reported or reopened on.
    pub opened_on: NaiveDate,
    /// Resolved or closed on; `None` while open.
    pub closed_on: Option<NaiveDate>,
}

/// A resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// When.
    pub resolved_on: NaiveDate,
    /// The remedy obtained.
    pub remedy: String,
    /// The households whose access was regained.
    pub restored: Vec<RestoredAccess>,
}

/// A closing: unresolved, or a reopening, each with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reasoned {
    /// When.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// A note on the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Stable id.
    pub note_id: Uuid,
    /// Who wrote it.
    pub author: String,
    /// The role they wrote in.
    pub author_role: ActorRole,
    /// When.
    pub written_at: DateTime<Utc>,
    /// Whether the text is confidential.
    pub confidential: bool,
    /// The text; `None` once erased.
    pub text: Option<String>,
}

/// A recorded read of a confidential note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRead {
    /// The note.
    pub note_id: Uuid,
    /// Who read it.
    pub reader: String,
    /// The role that allowed it.
    pub reader_role: ActorRole,
    /// When.
    pub read_at: DateTime<Utc>,
}
