//! The advocacy case's rules: one file per command, each with its given/when/then tests.
//! This file routes a command to its rule and holds the guards they share.

mod add_evidence;
mod add_households;
mod add_note;
mod adopt_action_plan;
mod assess;
mod assign_caseworker;
mod await_reporter;
mod change_urgency;
mod close_unresolved;
mod erase_personal_data;
mod escalate;
mod read_confidential_note;
mod record_reporter_response;
mod reopen;
mod report;
mod resolve;
mod take_action;
mod unassign_caseworker;

use std::collections::HashSet;
use std::hash::Hash;

use berdaya_domain::{DomainError, not_before};
use chrono::NaiveDate;

use super::{AdvocacyCase, CaseCommand, CaseEvent, CaseStatus};
use crate::domain::CaseRules;

/// Decides a command against a case's state under the configured rules.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &CaseCommand,
    rules: &CaseRules,
) -> Result<Vec<CaseEvent>, DomainError> {
    use CaseCommand as C;
    if state.status == CaseStatus::Unreported && !matches!(command, C::Report(_)) {
        return Err(DomainError::not_found("advocacy case"));
    }
    match command {
        C::Report(c) => report::decide(state, c, rules),
        C::Assess(c) => assess::decide(state, c),
        C::AddEvidence(c) => add_evidence::decide(state, c),
        C::AddHouseholds(c) => add_households::decide(state, c),
        C::AssignCaseworker(c) => assign_caseworker::decide(state, c),
        C::UnassignCaseworker(c) => unassign_caseworker::decide(state, c),
        C::AdoptActionPlan(c) => adopt_action_plan::decide(state, c),
        C::TakeAction(c) => take_action::decide(state, c),
        C::Escalate(c) => escalate::decide(state, c),
        C::ChangeUrgency(c) => change_urgency::decide(state, c, rules),
        C::AwaitReporter(c) => await_reporter::decide(state, c, rules),
        C::RecordReporterResponse(c) => record_reporter_response::decide(state, c),
        C::Resolve(c) => resolve::decide(state, c),
        C::CloseUnresolved(c) => close_unresolved::decide(state, c),
        C::Reopen(c) => reopen::decide(state, c),
        C::AddNote(c) => add_note::decide(state, c),
        C::ReadConfidentialNote(c) => read_confidential_note::decide(state, c),
        C::ErasePersonalData(c) => erase_personal_data::decide(state, c),
    }
}

/// Refuses to act on a resolved or closed case: it must be reopened first.
fn open(state: &AdvocacyCase) -> Result<(), DomainError> {
    match state.status {
        CaseStatus::Resolved => Err(DomainError::rule(
            "case_id",
            "the case is resolved: reopen it first",
        )),
        CaseStatus::ClosedUnresolved => Err(DomainError::rule(
            "case_id",
            "the case is closed unresolved: reopen it first",
        )),
        _ => Ok(()),
    }
}

/// Refuses an open case that is not assessed yet, saying what the command needs it for.
fn assessed(state: &AdvocacyCase, needed_for: &str) -> Result<(), DomainError> {
    open(state)?;
    if state.status == CaseStatus::Reported {
        return Err(DomainError::rule(
            "case_id",
            format!("the case is not assessed yet: assess it before {needed_for}"),
        ));
    }
    Ok(())
}

/// Refuses a blank required text.
fn required(field: &str, text: &str) -> Result<(), DomainError> {
    if text.trim().is_empty() {
        return Err(DomainError::invalid(field, "is required"));
    }
    Ok(())
}

/// Refuses a date before the case was reported or last reopened.
fn since_opened(state: &AdvocacyCase, field: &str, date: NaiveDate) -> Result<(), DomainError> {
    let what = if state.reopenings.is_empty() {
        "the case was reported"
    } else {
        "the case was reopened"
    };
    not_before(field, date, state.opened_on(), what)
}

/// Refuses a list that names the same item twice, naming the second occurrence as
/// `{field}[i]`.
fn distinct<T: Eq + Hash>(
    field: &str,
    items: impl IntoIterator<Item = T>,
) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for (index, item) in items.into_iter().enumerate() {
        if !seen.insert(item) {
            return Err(DomainError::invalid(
                format!("{field}[{index}]"),
                "is named twice",
            ));
        }
    }
    Ok(())
}
