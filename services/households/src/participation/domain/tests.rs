//! The activity's rules and the compliance bands as given/when/then, with no I/O.

use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::domain::{HouseholdRef, Programme, Standing};

const VILLAGE: &str = "35.78.01.1001";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

/// Household `n` (members `n*10+1`, `n*10+2`) living in `village`.
fn household(n: u128, village: &str) -> HouseholdRef {
    HouseholdRef {
        household_id: id(n),
        standing: Standing::Active {
            village: region(village),
            members: vec![id(n * 10 + 1), id(n * 10 + 2)],
        },
    }
}

fn details(kind: ActivityKind, module: Option<FdsModule>) -> ActivityDetails {
    ActivityDetails {
        kind,
        module,
        topic: "Gizi seimbang untuk balita".to_owned(),
        programme: Some(Programme::Pkh),
        facilitator: "pendamping-7".to_owned(),
        scheduled_on: date("2026-03-05"),
        location: Some("Balai RW 04".to_owned()),
    }
}

fn fds() -> ActivityDetails {
    details(
        ActivityKind::FamilyDevelopmentSession,
        Some(FdsModule::HealthAndNutrition),
    )
}

fn plan_with(details: ActivityDetails, invited: Vec<HouseholdRef>) -> ActivityCommand {
    ActivityCommand::Plan {
        activity_id: id(500),
        region: region(VILLAGE),
        details,
        invited,
    }
}

/// A planned P2K2 session with households 1, 2 and 3 invited.
fn planned() -> Vec<ActivityEvent> {
    Given::<Activity>::nothing()
        .when(&plan_with(
            fds(),
            vec![
                household(1, VILLAGE),
                household(2, VILLAGE),
                household(3, VILLAGE),
            ],
        ))
        .events()
}

fn present(n: u128, members: Vec<Uuid>) -> AttendanceClaim {
    AttendanceClaim {
        household: household(n, VILLAGE),
        status: AttendanceStatus::Present,
        members,
    }
}

fn hold(attendance: Vec<AttendanceClaim>) -> ActivityCommand {
    ActivityCommand::Hold {
        held_on: date("2026-03-06"),
        attendance,
        outcomes: vec!["menu MPASI disepakati".to_owned()],
        actions: vec![AgreedAction {
            action_id: id(900),
            description: "Posyandu bulan depan".to_owned(),
            owner: "Kader posyandu".to_owned(),
            due_on: date("2026-04-01"),
        }],
    }
}

/// Planned, then held: 1 present, 2 excused, 3 absent.
fn held() -> Vec<ActivityEvent> {
    let mut history = planned();
    let excused = AttendanceClaim {
        status: AttendanceStatus::Excused,
        ..present(2, vec![])
    };
    history.extend(
        Given::<Activity>::new(history.clone())
            .when(&hold(vec![present(1, vec![id(11)]), excused]))
            .events(),
    );
    history
}

fn rule_field(error: &DomainError) -> &str {
    match error {
        DomainError::Rule { field, .. } => field,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

fn invalid_fields(error: &DomainError) -> Vec<&str> {
    match error {
        DomainError::Invalid(v) => v.iter().map(|v| v.field.as_str()).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

#[test]
fn planning_records_the_activity_with_its_invitations() {
    let state = Given::<Activity>::nothing()
        .when(&plan_with(fds(), vec![household(1, VILLAGE)]))
        .then(vec![ActivityEvent::Planned {
            activity_id: id(500),
            region: region(VILLAGE),
            details: fds(),
            invited: vec![id(1)],
        }]);
    assert_eq!(state.status, ActivityStatus::Planned);
    assert_eq!(state.date(), Some(date("2026-03-05")));
}

#[test]
fn a_family_development_session_needs_its_module_and_only_it_has_one() {
    let error = Given::<Activity>::nothing()
        .when(&plan_with(
            details(ActivityKind::FamilyDevelopmentSession, None),
            vec![],
        ))
        .then_error();
    assert_eq!(invalid_fields(&error), vec!["fds_module"]);
    let error = Given::<Activity>::nothing()
        .when(&plan_with(
            details(ActivityKind::Dialogue, Some(FdsModule::FamilyFinance)),
            vec![],
        ))
        .then_error();
    assert_eq!(invalid_fields(&error), vec!["fds_module"]);
}

#[test]
fn a_programme_information_session_names_its_programme() {
    let mut no_programme = details(ActivityKind::ProgrammeInformation, None);
    no_programme.programme = None;
    let error = Given::<Activity>::nothing()
        .when(&plan_with(no_programme, vec![]))
        .then_error();
    assert_eq!(invalid_fields(&error), vec!["programme"]);
}

#[test]
fn activities_serve_a_village_or_a_district_only() {
    let command = ActivityCommand::Plan {
        activity_id: id(500),
        region: region("35.78"),
        details: fds(),
        invited: vec![],
    };
    let error = Given::<Activity>::nothing().when(&command).then_error();
    assert_eq!(invalid_fields(&error), vec!["region_code"]);
}

#[test]
fn invited_households_must_be_unique_known_active_and_inside_the_region() {
    let error = Given::<Activity>::nothing()
        .when(&plan_with(
            fds(),
            vec![household(1, VILLAGE), household(1, VILLAGE)],
        ))
        .then_error();
    assert_eq!(invalid_fields(&error), vec!["invited_household_ids[1]"]);

    let unknown = HouseholdRef::unresolved(id(4));
    let error = Given::<Activity>::nothing()
        .when(&plan_with(fds(), vec![household(1, VILLAGE), unknown]))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }), "{error:?}");

    let closed = HouseholdRef {
        household_id: id(5),
        standing: Standing::Closed {
            village: region(VILLAGE),
        },
    };
    let error = Given::<Activity>::nothing()
        .when(&plan_with(fds(), vec![closed]))
        .then_error();
    assert_eq!(rule_field(&error), "invited_household_ids[0]");

    let error = Given::<Activity>::nothing()
        .when(&plan_with(fds(), vec![household(6, "35.78.02.1001")]))
        .then_error();
    assert_eq!(rule_field(&error), "invited_household_ids[0]");
    assert!(error.to_string().contains("outside the region"), "{error}");
}

#[test]
fn a_district_activity_takes_households_of_its_villages() {
    let command = ActivityCommand::Plan {
        activity_id: id(500),
        region: region("35.78.01"),
        details: details(ActivityKind::Deliberation, None),
        invited: vec![household(1, VILLAGE), household(2, "35.78.01.1002")],
    };
    let events = Given::<Activity>::nothing().when(&command).events();
    assert_eq!(events.len(), 1);
}

#[test]
fn planning_an_existing_activity_is_refused() {
    let error = Given::<Activity>::new(planned())
        .when(&plan_with(fds(), vec![]))
        .then_error();
    assert!(matches!(error, DomainError::AlreadyExists { .. }));
}

#[test]
fn commands_on_an_unplanned_activity_are_not_found() {
    let error = Given::<Activity>::nothing()
        .when(&hold(vec![]))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
}

#[test]
fn rescheduling_moves_a_planned_activity() {
    let state = Given::<Activity>::new(planned())
        .when(&ActivityCommand::Reschedule {
            scheduled_on: date("2026-03-12"),
            reason: "banjir".to_owned(),
        })
        .then(vec![ActivityEvent::Rescheduled {
            scheduled_on: date("2026-03-12"),
            previous: date("2026-03-05"),
            reason: "banjir".to_owned(),
        }]);
    assert_eq!(state.date(), Some(date("2026-03-12")));
    let error = Given::<Activity>::new(planned())
        .when(&ActivityCommand::Reschedule {
            scheduled_on: date("2026-03-05"),
            reason: "same".to_owned(),
        })
        .then_error();
    assert_eq!(rule_field(&error), "scheduled_on");
}

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

#[test]
fn only_a_planned_activity_is_cancelled() {
    let state = Given::<Activity>::new(planned())
        .when(&ActivityCommand::Cancel {
            reason: "hujan".to_owned(),
            cancelled_on: date("2026-03-04"),
        })
        .then(vec![ActivityEvent::Cancelled {
            reason: "hujan".to_owned(),
            cancelled_on: date("2026-03-04"),
        }]);
    assert_eq!(state.status, ActivityStatus::Cancelled);
    let error = Given::<Activity>::new(held())
        .when(&ActivityCommand::Cancel {
            reason: "late".to_owned(),
            cancelled_on: date("2026-03-07"),
        })
        .then_error();
    assert!(error.to_string().contains("already held"), "{error}");
}

fn evaluate(on: &str) -> ActivityCommand {
    ActivityCommand::Evaluate {
        evaluated_on: date(on),
        achievements: "semua balita ditimbang".to_owned(),
        follow_ups: vec!["kunjungan rumah keluarga 3".to_owned()],
    }
}

#[test]
fn evaluation_follows_holding_once() {
    let error = Given::<Activity>::new(planned())
        .when(&evaluate("2026-03-10"))
        .then_error();
    assert!(error.to_string().contains("not been held"), "{error}");
    let error = Given::<Activity>::new(held())
        .when(&evaluate("2026-03-01"))
        .then_error();
    assert_eq!(rule_field(&error), "evaluated_on");
    let state = Given::<Activity>::new(held())
        .when(&evaluate("2026-03-10"))
        .events();
    let mut history = held();
    history.extend(state);
    let evaluated = Activity::from_events(history.iter());
    assert_eq!(evaluated.status, ActivityStatus::Evaluated);
    let error = Given::<Activity>::new(history)
        .when(&evaluate("2026-03-11"))
        .then_error();
    assert!(error.to_string().contains("already evaluated"), "{error}");
}

fn complete(action: Uuid, on: &str) -> ActivityCommand {
    ActivityCommand::CompleteAction {
        action_id: action,
        done_on: date(on),
        note: "selesai".to_owned(),
    }
}

#[test]
fn agreed_actions_are_done_once_after_the_activity() {
    let error = Given::<Activity>::new(planned())
        .when(&complete(id(900), "2026-03-20"))
        .then_error();
    assert!(error.to_string().contains("not been held"), "{error}");
    let error = Given::<Activity>::new(held())
        .when(&complete(id(901), "2026-03-20"))
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
    let error = Given::<Activity>::new(held())
        .when(&complete(id(900), "2026-03-01"))
        .then_error();
    assert_eq!(rule_field(&error), "done_on");
    let state = Given::<Activity>::new(held())
        .when(&complete(id(900), "2026-03-20"))
        .then(vec![ActivityEvent::ActionCompleted {
            action_id: id(900),
            done_on: date("2026-03-20"),
            note: "selesai".to_owned(),
        }]);
    assert!(state.actions[0].done.is_some());
    let mut history = held();
    history.push(ActivityEvent::ActionCompleted {
        action_id: id(900),
        done_on: date("2026-03-20"),
        note: String::new(),
    });
    let error = Given::<Activity>::new(history)
        .when(&complete(id(900), "2026-03-21"))
        .then_error();
    assert_eq!(rule_field(&error), "action_id");
}

#[test]
fn bands_are_decided_exactly_at_their_thresholds() {
    let bands = ComplianceBands::default();
    assert_eq!(bands.band(4, 5), Band::Compliant, "80 % is compliant");
    assert_eq!(bands.band(799, 1000), Band::Partial, "79.9 % is not");
    assert_eq!(bands.band(1, 2), Band::Partial, "50 % is partial");
    assert_eq!(bands.band(49, 100), Band::NonCompliant);
    assert_eq!(bands.band(0, 3), Band::NonCompliant);
    assert_eq!(bands.band(0, 0), Band::NoSessions);
    let strict = ComplianceBands {
        compliant_min_percent: 90,
        partial_min_percent: 75,
    };
    assert_eq!(
        strict.band(4, 5),
        Band::Partial,
        "bands come from configuration"
    );
    assert_eq!(strict.band(3, 5), Band::NonCompliant);
}

/// A held session on `on` of `kind` where household 1 took part as `status`.
fn session(n: u128, on: &str, kind: ActivityKind, status: AttendanceStatus) -> Activity {
    let mut activity = Activity::from_events(planned().iter());
    activity.id = Some(id(n));
    if let Some(d) = &mut activity.details {
        d.kind = kind;
        d.module =
            (kind == ActivityKind::FamilyDevelopmentSession).then_some(FdsModule::FamilyFinance);
    }
    let claim = match status {
        AttendanceStatus::Absent => vec![],
        _ => vec![AttendanceClaim {
            status,
            ..present(1, vec![])
        }],
    };
    let mut command = hold(claim);
    if let ActivityCommand::Hold {
        held_on, actions, ..
    } = &mut command
    {
        *held_on = date(on);
        actions.clear();
    }
    for event in activity.decide(&command, &()).unwrap() {
        activity.apply(&event);
    }
    activity
}

#[test]
fn a_record_counts_held_sessions_in_the_period_and_excuses_leave() {
    use ActivityKind::{Dialogue, FamilyDevelopmentSession as Fds};
    use AttendanceStatus::{Absent, Excused, Present};
    let upcoming = Activity::from_events(planned().iter());
    let activities = vec![
        session(1, "2026-01-10", Fds, Present),
        session(2, "2026-02-10", Fds, Present),
        session(3, "2026-03-10", Fds, Excused),
        session(4, "2026-04-10", Fds, Absent),
        session(5, "2026-04-20", Dialogue, Present),
        session(6, "2025-12-10", Fds, Absent),
        upcoming,
    ];
    let bands = ComplianceBands::default();
    let (from, to) = (date("2026-01-01"), date("2026-06-30"));
    let all = summarize(id(1), &activities, from, to, None, &bands);
    assert_eq!((all.attended, all.excused, all.absent), (3, 1, 1));
    assert_eq!(
        (all.expected, all.percent, all.band),
        (4, 75, Band::Partial)
    );
    assert_eq!(
        all.entries.len(),
        6,
        "the planned one is listed, not counted"
    );
    assert_eq!(all.entries[0].activity_id, id(1), "ordered by date");
    assert_eq!(all.modules.get(&FdsModule::FamilyFinance), Some(&2));
    let fds = summarize(id(1), &activities, from, to, Some(Fds), &bands);
    assert_eq!((fds.attended, fds.expected, fds.percent), (2, 3, 66));
    let other = summarize(id(9), &activities, from, to, None, &bands);
    assert_eq!((other.entries.len(), other.band), (0, Band::NoSessions));
}
