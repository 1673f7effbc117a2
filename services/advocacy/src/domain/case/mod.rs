//! The advocacy case aggregate: a right violated or access denied, affecting one
//! household or many, from report to resolution or closure. This file holds the state
//! and `apply`; each command's rule is its own file under `decide/`.
//!
//! The lifecycle: reported, assessed (facts, evidence with document hashes, risk), an
//! action plan adopted, actions taken, then resolved (the remedy, and per household the
//! date access was regained) or closed unresolved, either of which can be reopened with
//! a reason. While open, an assessed case can be escalated up the government ladder or
//! to a body outside it; any open case can wait on its reporter.

mod access;
mod apply;
mod commands;
mod deadlines;
mod decide;
mod events;
mod records;

#[cfg(test)]
pub(crate) mod tests;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

pub use access::{Caller, NoteAccess, confidential_read_role, note_access};
pub use commands::*;
pub use deadlines::{Deadlines, TargetState, deadlines};
pub use events::*;
pub use records::*;

use crate::domain::{CaseRules, EscalationLevel, IntakeChannel, ServiceLevel, Urgency};

/// Where a case stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    /// No `Reported` event yet.
    #[default]
    Unreported,
    /// Reported, not yet assessed.
    Reported,
    /// Assessed, no action plan yet.
    Assessed,
    /// An action plan is adopted; no action taken since the case was (re)opened.
    Planned,
    /// Actions are being taken.
    InAction,
    /// Resolved: the remedy was obtained.
    Resolved,
    /// Closed without a remedy.
    ClosedUnresolved,
}

impl CaseStatus {
    /// True for resolved and closed-unresolved cases.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Resolved | CaseStatus::ClosedUnresolved)
    }
}

/// The advocacy case aggregate's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvocacyCase {
    /// Stable id (set by `Reported`).
    pub id: Option<Uuid>,
    /// Where it stands.
    pub status: CaseStatus,
    /// Its region.
    pub region: Option<RegionCode>,
    /// The households affected, in the order they were added.
    pub households: Vec<Affected>,
    /// The right violated (a code of the rights reference data).
    pub right_code: String,
    /// Public summary.
    pub summary: String,
    /// Who is responsible.
    pub responsible: Option<ResponsibleParty>,
    /// How it came in.
    pub channel: Option<IntakeChannel>,
    /// Current urgency.
    pub urgency: Urgency,
    /// The targets of the current urgency, as configured when it was set.
    pub service_level: ServiceLevel,
    /// Where it is handled now.
    pub level: EscalationLevel,
    /// When it was reported.
    pub reported_on: Option<NaiveDate>,
    /// The case's data subject.
    pub subject_id: Option<Uuid>,
    /// Reporter and account; `None` before the report and once erased.
    pub details: Option<CaseDetails>,
    /// True once the case's personal data was erased.
    pub personal_data_erased: bool,
    /// The case team: assigned caseworkers, in assignment order.
    pub team: Vec<String>,
    /// The assessment.
    pub assessment: Option<Assessment>,
    /// Evidence, at assessment and after.
    pub evidence: Vec<Evidence>,
    /// Action-plan versions, oldest first.
    pub plans: Vec<ActionPlan>,
    /// Actions, in the order recorded.
    pub actions: Vec<Action>,
    /// Escalations, oldest first.
    pub escalations: Vec<Escalation>,
    /// Waits on the reporter, oldest first.
    pub waits: Vec<Wait>,
    /// Open periods, oldest first.
    pub periods: Vec<OpenPeriod>,
    /// Resolutions, oldest first.
    pub resolutions: Vec<Resolution>,
    /// Closings without a remedy, oldest first.
    pub closures: Vec<Reasoned>,
    /// Reopenings, oldest first.
    pub reopenings: Vec<Reasoned>,
    /// Notes, oldest first.
    pub notes: Vec<Note>,
    /// Recorded reads of confidential notes, oldest first.
    pub note_reads: Vec<NoteRead>,
}

impl Default for AdvocacyCase {
    fn default() -> Self {
        Self {
            id: None,
            status: CaseStatus::Unreported,
            region: None,
            households: Vec::new(),
            right_code: String::new(),
            summary: String::new(),
            responsible: None,
            channel: None,
            urgency: Urgency::Normal,
            service_level: ServiceLevel::default(),
            level: EscalationLevel::Village,
            reported_on: None,
            subject_id: None,
            details: None,
            personal_data_erased: false,
            team: Vec::new(),
            assessment: None,
            evidence: Vec::new(),
            plans: Vec::new(),
            actions: Vec::new(),
            escalations: Vec::new(),
            waits: Vec::new(),
            periods: Vec::new(),
            resolutions: Vec::new(),
            closures: Vec::new(),
            reopenings: Vec::new(),
            notes: Vec::new(),
            note_reads: Vec::new(),
        }
    }
}

impl AdvocacyCase {
    /// The affected household `id`, if it is one.
    pub fn household(&self, id: Uuid) -> Option<&Affected> {
        self.households.iter().find(|h| h.household_id == id)
    }

    /// The note `id`, if any.
    pub fn note(&self, id: Uuid) -> Option<&Note> {
        self.notes.iter().find(|n| n.note_id == id)
    }

    /// The current wait on the reporter, if the case is waiting.
    pub fn current_wait(&self) -> Option<&Wait> {
        self.waits.last().filter(|w| w.until.is_none())
    }

    /// The day the current (or last) open period began: the report or the last reopening.
    pub fn opened_on(&self) -> Option<NaiveDate> {
        self.periods.last().map(|p| p.opened_on)
    }

    /// The current action plan.
    pub fn plan(&self) -> Option<&ActionPlan> {
        self.plans.last()
    }

    /// True once the case was escalated at least once.
    pub fn escalated(&self) -> bool {
        !self.escalations.is_empty()
    }

    /// The status an open case returns to when reopened: where its work stood.
    pub(super) fn reopened_status(&self) -> CaseStatus {
        match (&self.assessment, self.plans.is_empty()) {
            (None, _) => CaseStatus::Reported,
            (Some(_), true) => CaseStatus::Assessed,
            (Some(_), false) => CaseStatus::Planned,
        }
    }

    /// Ends the open period (and any wait) on `on`.
    pub(super) fn close_period(&mut self, on: NaiveDate) {
        if let Some(period) = self.periods.last_mut() {
            period.closed_on = Some(on);
        }
        if let Some(wait) = self.waits.last_mut().filter(|w| w.until.is_none()) {
            wait.until = Some(on.max(wait.since));
        }
    }
}

impl Aggregate for AdvocacyCase {
    const CATEGORY: &'static str = berdaya_proto::category::advocacy::CASE;
    type Command = CaseCommand;
    type Event = CaseEvent;
    type Rules = CaseRules;

    fn decide(
        &self,
        command: &CaseCommand,
        rules: &CaseRules,
    ) -> Result<Vec<CaseEvent>, DomainError> {
        decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &CaseEvent) {
        use CaseEvent as E;
        match event {
            E::Reported { .. } => self.apply_reported(event),
            E::Assessed { .. } => self.apply_assessed(event),
            E::EvidenceAdded { evidence } => self.evidence.push(evidence.clone()),
            E::HouseholdsAdded {
                households,
                added_on,
            } => self.add_households(households, *added_on),
            E::CaseworkerAssigned { caseworker_id, .. } => self.team.push(caseworker_id.clone()),
            E::CaseworkerUnassigned { caseworker_id, .. } => {
                self.team.retain(|member| member != caseworker_id);
            }
            E::ActionPlanAdopted { .. } => self.apply_plan(event),
            E::ActionTaken { .. } => self.apply_action(event),
            E::Escalated { .. } => self.apply_escalated(event),
            E::UrgencyChanged {
                to, service_level, ..
            } => {
                self.urgency = *to;
                self.service_level = *service_level;
            }
            E::ReporterAwaited { .. } => self.apply_wait(event),
            E::ReporterResponded { responded_on } => {
                if let Some(wait) = self.waits.last_mut() {
                    wait.until = Some(*responded_on);
                }
            }
            E::Resolved { .. } => self.apply_resolved(event),
            E::ClosedUnresolved { .. } | E::Reopened { .. } => self.apply_closed_or_reopened(event),
            E::NoteAdded { .. } => self.apply_note(event),
            E::ConfidentialNoteRead { .. } => self.apply_note_read(event),
            E::PersonalDataErased { subject_ids, .. } => {
                if self.subject_id.is_some_and(|s| subject_ids.contains(&s)) {
                    self.erase();
                }
            }
        }
    }
}
