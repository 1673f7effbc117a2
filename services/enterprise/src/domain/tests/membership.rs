//! Forming a group, member limits, one active group per household, the board and its
//! hand-over when a member leaves.

use berdaya_domain::DomainError;
use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;

use super::fixtures::*;
use crate::domain::*;

fn rule_field(error: DomainError) -> String {
    match error {
        DomainError::Rule { field, .. } | DomainError::AlreadyExists { field, .. } => field,
        DomainError::Invalid(v) => v[0].field.clone(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn forming_records_the_founding_members() {
    let group = Given::<KubeGroup>::nothing().when(&form(5)).then(formed());
    assert_eq!(group.member_count(), 5);
    assert_eq!(group.stage, Stage::Tumbuh);
    assert!(
        group
            .members
            .iter()
            .all(|m| m.joined_on == date("2026-01-10"))
    );
}

#[test]
fn a_group_has_the_configured_number_of_members() {
    let error = Given::<KubeGroup>::nothing().when(&form(4)).then_error();
    assert!(
        matches!(&error, DomainError::Invalid(v) if v[0].field == "member_household_ids"
        && v[0].description.contains("5 to 20"))
    );
    let error = Given::<KubeGroup>::nothing().when(&form(21)).then_error();
    assert!(matches!(&error, DomainError::Invalid(v) if v[0].description.contains("got 21")));
    Given::<KubeGroup>::nothing().when(&form(20)).events();

    // The limits come from configuration.
    let small = form_with_policy(
        (1..=3).map(active).collect(),
        GroupPolicy {
            min_members: 3,
            ..GroupPolicy::default()
        },
    );
    Given::<KubeGroup>::nothing().when(&small).events();
}

#[test]
fn a_full_group_takes_no_new_member() {
    let mut history = formed();
    history.extend((6..=20).map(|n| GroupEvent::MemberJoined {
        household_id: id(n),
        joined_on: date("2026-02-01"),
    }));
    let error = Given::<KubeGroup>::new(history)
        .when(&GroupCommand::AddMember {
            household: active(21),
            joined_on: date("2026-02-02"),
            policy: policy(),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, reason }
        if field == "household_id" && reason.contains("most members allowed (20")));
}

#[test]
fn members_are_known_active_households_of_the_village() {
    let unknown = HouseholdFacts {
        household_id: id(3),
        standing: Standing::Unknown,
    };
    let closed = HouseholdFacts {
        household_id: id(3),
        standing: Standing::Closed,
    };
    let elsewhere = HouseholdFacts {
        household_id: id(3),
        standing: Standing::Active {
            village: RegionCode::parse_village("35.78.01.1002").unwrap(),
            group: None,
        },
    };
    for (facts, says) in [
        (unknown, "not known to the enterprise service"),
        (closed, "closed in the registry"),
        (elsewhere, "lives in village 35.78.01.1002"),
    ] {
        let mut members: Vec<_> = (1..=5).map(active).collect();
        members[2] = facts;
        let error = Given::<KubeGroup>::nothing()
            .when(&form_with(members))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason }
                if field == "member_household_ids[2]" && reason.contains(says)),
            "{error:?}"
        );
    }
}

#[test]
fn a_household_is_in_one_active_group_at_a_time() {
    let mut members: Vec<_> = (1..=5).map(active).collect();
    members[4].standing = Standing::Active {
        village: village(),
        group: Some(id(901)),
    };
    let error = Given::<KubeGroup>::nothing()
        .when(&form_with(members.clone()))
        .then_error();
    assert!(
        matches!(&error, DomainError::AlreadyExists { field, reason }
        if field == "member_household_ids[4]" && reason.contains("active KUBE group"))
    );

    // Configurable: a deployment may allow several groups.
    let relaxed = form_with_policy(
        members,
        GroupPolicy {
            one_active_group_per_household: false,
            ..GroupPolicy::default()
        },
    );
    Given::<KubeGroup>::nothing().when(&relaxed).events();
}

#[test]
fn a_household_is_listed_once_and_joins_once() {
    let mut members: Vec<_> = (1..=5).map(active).collect();
    members[3] = active(1);
    let error = Given::<KubeGroup>::nothing()
        .when(&form_with(members))
        .then_error();
    assert_eq!(rule_field(error), "member_household_ids[3]");

    let error = Given::<KubeGroup>::new(formed())
        .when(&GroupCommand::AddMember {
            household: active(2),
            joined_on: date("2026-02-01"),
            policy: policy(),
        })
        .then_error();
    assert!(matches!(error, DomainError::AlreadyExists { .. }));
}

#[test]
fn membership_changes_are_dated_and_checked() {
    let group = Given::<KubeGroup>::new(formed())
        .when(&GroupCommand::AddMember {
            household: active(6),
            joined_on: date("2026-02-01"),
            policy: policy(),
        })
        .then(vec![GroupEvent::MemberJoined {
            household_id: id(6),
            joined_on: date("2026-02-01"),
        }]);
    assert_eq!(group.member_count(), 6);

    let error = Given::<KubeGroup>::new(formed())
        .when(&GroupCommand::AddMember {
            household: active(6),
            joined_on: date("2026-01-01"),
            policy: policy(),
        })
        .then_error();
    assert_eq!(rule_field(error), "joined_on");

    let error = Given::<KubeGroup>::new(formed())
        .when(&leave(4, None, "2025-12-31"))
        .then_error();
    assert_eq!(rule_field(error), "left_on");
}

fn leave(n: u128, successor: Option<u128>, on: &str) -> GroupCommand {
    GroupCommand::RemoveMember {
        household_id: id(n),
        reason: LeaveReason::Moved,
        left_on: date(on),
        note: String::new(),
        successor: successor.map(id),
    }
}

#[test]
fn the_board_is_chosen_from_distinct_active_members() {
    let elect = |chair, secretary, treasurer| GroupCommand::ElectBoard {
        chair: id(chair),
        secretary: id(secretary),
        treasurer: id(treasurer),
        elected_on: date("2026-01-10"),
        note: String::new(),
    };
    let group = Given::<KubeGroup>::new(formed())
        .when(&elect(1, 2, 3))
        .then(vec![board_elected()]);
    assert!(group.board.complete());

    let error = Given::<KubeGroup>::new(formed())
        .when(&elect(1, 2, 99))
        .then_error();
    assert_eq!(rule_field(error), "treasurer_household_id");
    let error = Given::<KubeGroup>::new(formed())
        .when(&elect(1, 1, 3))
        .then_error();
    assert_eq!(rule_field(error), "secretary_household_id");
}

#[test]
fn a_leaving_board_member_hands_over_the_seat() {
    let mut history = formed();
    history.push(board_elected());

    // The chair cannot just leave.
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&leave(1, None, "2026-03-01"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, reason }
        if field == "successor_household_id" && reason.contains("chair")));

    // Nor hand the seat to someone who already holds one, or to a non-member.
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&leave(1, Some(2), "2026-03-01"))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("secretary")));
    let error = Given::<KubeGroup>::new(history.clone())
        .when(&leave(1, Some(42), "2026-03-01"))
        .then_error();
    assert_eq!(rule_field(error), "successor_household_id");

    // Handing the chair to household 4.
    let group = Given::<KubeGroup>::new(history.clone())
        .when(&leave(1, Some(4), "2026-03-01"))
        .then(vec![GroupEvent::MemberLeft {
            household_id: id(1),
            left_on: date("2026-03-01"),
            reason: LeaveReason::Moved,
            note: String::new(),
            handovers: vec![(BoardSeat::Chair, id(4))],
        }]);
    assert_eq!(group.board.chair, Some(id(4)));
    assert_eq!(group.member_count(), 4);
    assert!(group.active_member(id(1)).is_none());

    // A member without a seat leaves without a successor, and may not name one.
    Given::<KubeGroup>::new(history.clone())
        .when(&leave(5, None, "2026-03-01"))
        .events();
    let error = Given::<KubeGroup>::new(history)
        .when(&leave(5, Some(4), "2026-03-01"))
        .then_error();
    assert_eq!(rule_field(error), "successor_household_id");
}

#[test]
fn a_dissolved_group_takes_no_more_commands() {
    let mut history = formed();
    history.push(GroupEvent::Dissolved {
        dissolved_on: date("2026-06-01"),
        reason: "members moved away".into(),
    });
    let error = Given::<KubeGroup>::new(history)
        .when(&GroupCommand::AddMember {
            household: active(6),
            joined_on: date("2026-06-02"),
            policy: policy(),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("dissolved")));
    let error = Given::<KubeGroup>::nothing()
        .when(&GroupCommand::Dissolve {
            dissolved_on: date("2026-06-01"),
            reason: "x".into(),
        })
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
}

#[test]
fn meetings_are_attended_by_members_and_a_new_facilitator_replaces_the_old() {
    let meeting = |ids: Vec<u128>| GroupCommand::RecordMeeting {
        held_on: date("2026-02-05"),
        attendees: ids.into_iter().map(id).collect(),
        notes: "arisan and goat feed purchase".into(),
    };
    Given::<KubeGroup>::new(formed())
        .when(&meeting(vec![1, 2, 3]))
        .events();
    let error = Given::<KubeGroup>::new(formed())
        .when(&meeting(vec![1, 77]))
        .then_error();
    assert_eq!(rule_field(error), "attendee_household_ids[1]");

    let mut history = formed();
    history.push(facilitator_assigned());
    Given::<KubeGroup>::new(history.clone())
        .when(&GroupCommand::AssignFacilitator {
            facilitator_id: "pendamping-9".into(),
            assigned_on: date("2026-04-01"),
        })
        .then(vec![GroupEvent::FacilitatorAssigned {
            facilitator_id: "pendamping-9".into(),
            assigned_on: date("2026-04-01"),
            previous: Some("pendamping-7".into()),
        }]);
    let error = Given::<KubeGroup>::new(history)
        .when(&GroupCommand::AssignFacilitator {
            facilitator_id: "pendamping-7".into(),
            assigned_on: date("2026-04-01"),
        })
        .then_error();
    assert_eq!(rule_field(error), "facilitator_id");
}

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
        policy: policy(),
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
