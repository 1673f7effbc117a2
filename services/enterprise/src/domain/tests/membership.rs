//! Forming a group, member limits, one active group per household, the board and its
//! hand-over when a member leaves.

use berdaya_domain::aggregate::Given;

use super::fixtures::*;
use crate::domain::*;

#[test]
fn a_group_is_dissolved_on_or_after_its_formation() {
    let dissolve = |on: &str| GroupCommand::Dissolve {
        dissolved_on: date(on),
        reason: "members moved away".into(),
    };
    let group = Given::<KubeGroup>::new(formed())
        .when(&dissolve("2026-01-10"))
        .then(vec![GroupEvent::Dissolved {
            dissolved_on: date("2026-01-10"),
            reason: "members moved away".into(),
        }]);
    assert_eq!(group.status, GroupStatus::Dissolved);
    let error = Given::<KubeGroup>::new(formed())
        .when(&dissolve("2026-01-09"))
        .then_error();
    assert_eq!(rule_field(error), "dissolved_on");
}

#[test]
fn the_member_who_leaves_is_the_one_marked_and_a_returning_member_leaves_again() {
    let mut history = formed();
    history.extend(
        Given::<KubeGroup>::new(history.clone())
            .when(&leave(5, None, "2026-02-01"))
            .events(),
    );
    let group = <KubeGroup as berdaya_domain::Aggregate>::from_events(history.iter());
    assert!(group.active_member(id(5)).is_none());
    assert!((1..=4).all(|n| group.active_member(id(n)).is_some()));
    let left = group
        .members
        .iter()
        .find(|m| m.household_id == id(5))
        .unwrap();
    assert_eq!(
        (left.left_on, left.leave_reason),
        (Some(date("2026-02-01")), Some(LeaveReason::Moved))
    );
    // Back in March, out again in April: the second membership ends, the first stays.
    history.push(GroupEvent::MemberJoined {
        household_id: id(5),
        joined_on: date("2026-03-01"),
    });
    history.extend(
        Given::<KubeGroup>::new(history.clone())
            .when(&leave(5, None, "2026-04-01"))
            .events(),
    );
    let group = <KubeGroup as berdaya_domain::Aggregate>::from_events(history.iter());
    let spells: Vec<_> = group
        .members
        .iter()
        .filter(|m| m.household_id == id(5))
        .map(|m| m.left_on)
        .collect();
    assert_eq!(spells, [Some(date("2026-02-01")), Some(date("2026-04-01"))]);
}

#[test]
fn a_new_member_may_join_on_a_date_before_another_member_left() {
    let mut history = formed();
    history.extend(
        Given::<KubeGroup>::new(history.clone())
            .when(&leave(5, None, "2026-03-01"))
            .events(),
    );
    let join = |n: u128, on: &str| GroupCommand::AddMember {
        household: active(n),
        joined_on: date(on),
    };
    Given::<KubeGroup>::new(history.clone())
        .when(&join(6, "2026-02-15"))
        .events();
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&join(5, "2026-02-28"))
        .then_error();
    assert_eq!(rule_field(error), "joined_on");
    Given::<KubeGroup>::new(history)
        .when(&join(5, "2026-03-01"))
        .events();
}
