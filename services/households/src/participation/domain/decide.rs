//! The activity's rules: what each command may do in the current state.

use std::collections::HashSet;

use berdaya_domain::error::Violations;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{DomainError, FieldViolation};
use chrono::NaiveDate;
use uuid::Uuid;

use super::commands::{ActivityCommand, AttendanceClaim};
use super::events::{ActivityDetails, ActivityEvent, AgreedAction, Attendance};
use super::state::{Activity, ActivityStatus};
use super::{ActivityKind, AttendanceStatus};
use crate::domain::HouseholdRef;

/// Decides a command against an activity's state.
pub(super) fn decide(
    state: &Activity,
    command: &ActivityCommand,
) -> Result<Vec<ActivityEvent>, DomainError> {
    use ActivityCommand as C;
    if let C::Plan {
        activity_id,
        region,
        details,
        invited,
    } = command
    {
        return plan(state, *activity_id, region, details, invited);
    }
    let (Some(region), Some(details)) = (&state.region, &state.details) else {
        return Err(DomainError::not_found("activity"));
    };
    match command {
        C::Plan { .. } => Err(DomainError::not_found("activity")),
        C::Reschedule {
            scheduled_on,
            reason,
        } => {
            still_planned(state)?;
            if *scheduled_on == details.scheduled_on {
                return Err(DomainError::rule(
                    "scheduled_on",
                    format!("the activity is already scheduled on {scheduled_on}"),
                ));
            }
            Ok(vec![ActivityEvent::Rescheduled {
                scheduled_on: *scheduled_on,
                previous: details.scheduled_on,
                reason: reason.clone(),
            }])
        }
        C::Hold {
            held_on,
            attendance,
            outcomes,
            actions,
        } => {
            still_planned(state)?;
            hold(state, region, *held_on, attendance, outcomes, actions)
        }
        C::Evaluate {
            evaluated_on,
            achievements,
            follow_ups,
        } => {
            let held_on = match (state.status, state.held_on) {
                (ActivityStatus::Held, Some(held_on)) => held_on,
                (ActivityStatus::Evaluated, _) => {
                    return Err(DomainError::rule("", "the activity was already evaluated"));
                }
                _ => return Err(not_held(state)),
            };
            not_before("evaluated_on", *evaluated_on, held_on)?;
            Ok(vec![ActivityEvent::Evaluated {
                evaluated_on: *evaluated_on,
                achievements: achievements.clone(),
                follow_ups: follow_ups.clone(),
            }])
        }
        C::Cancel {
            reason,
            cancelled_on,
        } => {
            still_planned(state)?;
            Ok(vec![ActivityEvent::Cancelled {
                reason: reason.clone(),
                cancelled_on: *cancelled_on,
            }])
        }
        C::CompleteAction {
            action_id,
            done_on,
            note,
        } => {
            let Some(held_on) = state.held_on.filter(|_| state.was_held()) else {
                return Err(not_held(state));
            };
            let action = state
                .actions
                .iter()
                .find(|a| a.action.action_id == *action_id)
                .ok_or_else(|| DomainError::not_found(format!("agreed action {action_id}")))?;
            if let Some((done, _)) = &action.done {
                return Err(DomainError::rule(
                    "action_id",
                    format!("the action was already done on {done}"),
                ));
            }
            not_before("done_on", *done_on, held_on)?;
            Ok(vec![ActivityEvent::ActionCompleted {
                action_id: *action_id,
                done_on: *done_on,
                note: note.clone(),
            }])
        }
    }
}

fn plan(
    state: &Activity,
    activity_id: Uuid,
    region: &RegionCode,
    details: &ActivityDetails,
    invited: &[HouseholdRef],
) -> Result<Vec<ActivityEvent>, DomainError> {
    if state.status != ActivityStatus::Unplanned {
        return Err(DomainError::already_exists(
            "activity_id",
            "an activity with this id already exists",
        ));
    }
    let mut violations = Violations::new();
    if !(3..=4).contains(&region.depth()) {
        violations.add("region_code", "must be a district or village code");
    }
    let is_fds = details.kind == ActivityKind::FamilyDevelopmentSession;
    match (is_fds, details.module) {
        (true, None) => violations.add(
            "fds_module",
            "is required for a family development session (P2K2)",
        ),
        (false, Some(_)) => violations.add(
            "fds_module",
            "is only given for family development sessions (P2K2)",
        ),
        _ => {}
    }
    if details.kind == ActivityKind::ProgrammeInformation && details.programme.is_none() {
        violations.add(
            "programme",
            "is required for a programme information session",
        );
    }
    let mut seen = HashSet::new();
    for (i, household) in invited.iter().enumerate() {
        if !seen.insert(household.household_id) {
            violations.add(format!("invited_household_ids[{i}]"), "is listed twice");
        }
    }
    violations.finish()?;
    for (i, household) in invited.iter().enumerate() {
        household.active_within(&format!("invited_household_ids[{i}]"), region)?;
    }
    Ok(vec![ActivityEvent::Planned {
        activity_id,
        region: region.clone(),
        details: details.clone(),
        invited: invited.iter().map(|h| h.household_id).collect(),
    }])
}

fn hold(
    state: &Activity,
    region: &RegionCode,
    held_on: NaiveDate,
    claims: &[AttendanceClaim],
    outcomes: &[String],
    actions: &[AgreedAction],
) -> Result<Vec<ActivityEvent>, DomainError> {
    let mut violations = Violations::new();
    let mut seen = HashSet::new();
    for (i, claim) in claims.iter().enumerate() {
        let field = format!("attendance[{i}]");
        if !seen.insert(claim.household.household_id) {
            violations.add(format!("{field}.household_id"), "is listed twice");
        }
        match claim.status {
            AttendanceStatus::Absent => violations.add(
                format!("{field}.status"),
                "must be PRESENT or EXCUSED: absence is derived from the invitation list",
            ),
            AttendanceStatus::Excused if !claim.members.is_empty() => violations.add(
                format!("{field}.member_ids"),
                "must be empty for an excused household",
            ),
            _ => {}
        }
        let mut members = HashSet::new();
        for (j, member) in claim.members.iter().enumerate() {
            if !members.insert(member) {
                violations.add(format!("{field}.member_ids[{j}]"), "is listed twice");
            }
        }
    }
    for (i, action) in actions.iter().enumerate() {
        if action.due_on < held_on {
            violations.push(FieldViolation::new(
                format!("agreed_actions[{i}].due_on"),
                format!("must not be before the activity was held ({held_on})"),
            ));
        }
    }
    violations.finish()?;
    for (i, claim) in claims.iter().enumerate() {
        let field = format!("attendance[{i}]");
        let active = claim
            .household
            .active_within(&format!("{field}.household_id"), region)?;
        if let Some(j) = claim.members.iter().position(|m| !active.contains(m)) {
            return Err(DomainError::rule(
                format!("{field}.member_ids[{j}]"),
                "is not an active member of the household",
            ));
        }
    }
    let absent = state
        .invited
        .iter()
        .filter(|id| !seen.contains(*id))
        .copied()
        .collect();
    Ok(vec![ActivityEvent::Held {
        held_on,
        attendance: claims
            .iter()
            .map(|c| Attendance {
                household_id: c.household.household_id,
                status: c.status,
                members: c.members.clone(),
            })
            .collect(),
        absent,
        outcomes: outcomes.to_vec(),
        actions: actions.to_vec(),
    }])
}

fn still_planned(state: &Activity) -> Result<(), DomainError> {
    match state.status {
        ActivityStatus::Planned => Ok(()),
        ActivityStatus::Cancelled => Err(DomainError::rule("", "the activity was cancelled")),
        ActivityStatus::Held | ActivityStatus::Evaluated => Err(DomainError::rule(
            "",
            format!(
                "the activity was already held on {}",
                state.held_on.map(|d| d.to_string()).unwrap_or_default()
            ),
        )),
        ActivityStatus::Unplanned => Err(DomainError::not_found("activity")),
    }
}

fn not_held(state: &Activity) -> DomainError {
    match state.status {
        ActivityStatus::Cancelled => DomainError::rule("", "the activity was cancelled"),
        _ => DomainError::rule("", "the activity has not been held yet"),
    }
}

fn not_before(field: &str, date: NaiveDate, held_on: NaiveDate) -> Result<(), DomainError> {
    if date < held_on {
        return Err(DomainError::rule(
            field,
            format!("must not be before the activity was held ({held_on})"),
        ));
    }
    Ok(())
}
