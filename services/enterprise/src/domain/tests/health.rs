//! Group health: the inactive flag and the other indicators.

use berdaya_domain::Aggregate;

use super::fixtures::*;
use crate::domain::*;

#[test]
fn a_group_without_report_or_meeting_for_the_configured_period_is_inactive() {
    let policy = GroupPolicy::default();
    let group = KubeGroup::from_events(formed().iter());
    // Formed 2026-01-10; 90 days later it is still fine, 91 days later it is not.
    let day_90 = date("2026-04-10");
    assert!(!health(&group, day_90, &policy).inactive);
    let day_91 = date("2026-04-11");
    let flagged = health(&group, day_91, &policy);
    assert!(flagged.inactive);
    assert_eq!(flagged.days_since_activity, 91);

    // A meeting or a report is a sign of life.
    let mut history = formed();
    history.push(GroupEvent::MeetingRecorded {
        held_on: date("2026-03-01"),
        attendees: vec![id(1)],
        notes: "monthly meeting".into(),
    });
    let group = KubeGroup::from_events(history.iter());
    let fine = health(&group, day_91, &policy);
    assert!(!fine.inactive);
    assert_eq!(fine.last_activity, Some(date("2026-03-01")));

    history.push(GroupEvent::ProgressReported(report(
        "2026-05", 1_000_000, 500_000, 5_000_000,
    )));
    let group = KubeGroup::from_events(history.iter());
    assert_eq!(
        health(&group, date("2026-08-20"), &policy).last_activity,
        Some(date("2026-05-28"))
    );

    // The period is configurable.
    let strict = GroupPolicy {
        inactive_after_days: 30,
        ..GroupPolicy::default()
    };
    assert!(health(&group, date("2026-07-01"), &strict).inactive);
}

#[test]
fn health_flags_thin_membership_a_missing_facilitator_and_an_incomplete_board() {
    let policy = GroupPolicy::default();
    let mut history = formed();
    let group = KubeGroup::from_events(history.iter());
    let h = health(&group, date("2026-02-01"), &policy);
    assert!(!h.has_facilitator && !h.board_complete && !h.below_minimum_members);

    history.extend([
        facilitator_assigned(),
        board_elected(),
        GroupEvent::MemberLeft {
            household_id: id(5),
            left_on: date("2026-02-01"),
            reason: LeaveReason::Resigned,
            note: String::new(),
            handovers: vec![],
        },
    ]);
    let group = KubeGroup::from_events(history.iter());
    let h = health(&group, date("2026-02-01"), &policy);
    assert!(h.has_facilitator && h.board_complete);
    assert_eq!(h.member_count, 4);
    assert!(h.below_minimum_members);
}
