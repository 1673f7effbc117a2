//! Recording that a planned activity took place: who came or sent apologies (absence
//! is derived from the invitations), what came out of it and the actions agreed.

use std::collections::HashSet;

use berdaya_domain::error::Violations;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{DomainError, FieldViolation};
use chrono::NaiveDate;
use uuid::Uuid;

use super::still_planned;
use crate::participation::domain::{
    Activity, ActivityEvent, AgreedAction, Attendance, AttendanceClaim, AttendanceStatus,
};

/// Decides `Hold`.
pub(super) fn decide(
    state: &Activity,
    region: &RegionCode,
    held_on: NaiveDate,
    claims: &[AttendanceClaim],
    outcomes: &[String],
    actions: &[AgreedAction],
) -> Result<Vec<ActivityEvent>, DomainError> {
    still_planned(state)?;
    let seen = check_request(held_on, claims, actions)?;
    check_standing(region, claims)?;
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

/// Checks the request on its own, every field at once: each household and member
/// listed once, attendance PRESENT or EXCUSED (an excused household names nobody), and
/// no action due before the activity. Returns the households listed.
fn check_request(
    held_on: NaiveDate,
    claims: &[AttendanceClaim],
    actions: &[AgreedAction],
) -> Result<HashSet<Uuid>, DomainError> {
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
    Ok(seen)
}

/// Checks each attending household against its standing: active, inside the region, and
/// the members present among its active members.
fn check_standing(region: &RegionCode, claims: &[AttendanceClaim]) -> Result<(), DomainError> {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn holding_records_attendance_and_derives_the_absent() {
        let state = Activity::from_events(held().iter());
        assert_eq!(state.status, ActivityStatus::Held);
        assert_eq!(
            state.date(),
            Some(date("2026-03-06")),
            "listed by held date"
        );
        assert_eq!(
            state.attendance_of(id(1)),
            Some((AttendanceStatus::Present, &[id(11)][..]))
        );
        assert_eq!(
            state.attendance_of(id(2)).map(|a| a.0),
            Some(AttendanceStatus::Excused)
        );
        assert_eq!(state.absent, vec![id(3)]);
        assert_eq!(state.actions.len(), 1);
    }

    #[test]
    fn a_neighbour_not_invited_may_attend() {
        let events = Given::<Activity>::new(planned())
            .when(&hold(vec![present(8, vec![])]))
            .events();
        let ActivityEvent::Held {
            attendance, absent, ..
        } = &events[0]
        else {
            panic!("not held")
        };
        assert_eq!(attendance[0].household_id, id(8));
        assert_eq!(absent, &vec![id(1), id(2), id(3)]);
    }

    #[test]
    fn attendance_must_be_consistent() {
        let excused_with_members = AttendanceClaim {
            status: AttendanceStatus::Excused,
            ..present(2, vec![id(21)])
        };
        let claimed_absent = AttendanceClaim {
            status: AttendanceStatus::Absent,
            ..present(3, vec![])
        };
        let error = Given::<Activity>::new(planned())
            .when(&hold(vec![
                present(1, vec![id(11), id(11)]),
                present(1, vec![]),
                excused_with_members,
                claimed_absent,
            ]))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            vec![
                "attendance[0].member_ids[1]",
                "attendance[1].household_id",
                "attendance[2].member_ids",
                "attendance[3].status",
            ]
        );
    }

    #[test]
    fn members_present_must_be_active_members_of_their_household() {
        let error = Given::<Activity>::new(planned())
            .when(&hold(vec![present(1, vec![id(11), id(21)])]))
            .then_error();
        assert_eq!(rule_field(&error), "attendance[0].member_ids[1]");
    }

    #[test]
    fn actions_are_not_due_before_the_activity() {
        let mut command = hold(vec![]);
        if let ActivityCommand::Hold { actions, .. } = &mut command {
            actions[0].due_on = date("2026-03-01");
        }
        let error = Given::<Activity>::new(planned())
            .when(&command)
            .then_error();
        assert_eq!(invalid_fields(&error), vec!["agreed_actions[0].due_on"]);
        // Due on the day it is held (2026-03-06) is fine.
        let mut command = hold(vec![]);
        if let ActivityCommand::Hold { actions, .. } = &mut command {
            actions[0].due_on = date("2026-03-06");
        }
        Given::<Activity>::new(planned()).when(&command).events();
    }

    #[test]
    fn an_activity_is_held_once_and_never_after_cancellation() {
        let error = Given::<Activity>::new(held())
            .when(&hold(vec![]))
            .then_error();
        assert!(error.to_string().contains("already held"), "{error}");
        let mut cancelled = planned();
        cancelled.push(ActivityEvent::Cancelled {
            reason: "hujan".to_owned(),
            cancelled_on: date("2026-03-04"),
        });
        let error = Given::<Activity>::new(cancelled.clone())
            .when(&hold(vec![]))
            .then_error();
        assert!(error.to_string().contains("cancelled"), "{error}");
        let error = Given::<Activity>::new(cancelled)
            .when(&ActivityCommand::Reschedule {
                scheduled_on: date("2026-03-20"),
                reason: "again".to_owned(),
            })
            .then_error();
        assert!(error.to_string().contains("cancelled"), "{error}");
    }
}
