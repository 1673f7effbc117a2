//! Forming a group, its members, board, facilitator, meetings and dissolution.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

use super::{not_before, not_before_formation};
use crate::domain::commands::GroupCommand;
use crate::domain::events::GroupEvent;
use crate::domain::policy::GroupPolicy;
use crate::domain::state::KubeGroup;
use crate::domain::{BoardSeat, HouseholdFacts, Standing};

/// Forms a new group.
pub(super) fn form(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::Form {
        group_id,
        name,
        village,
        business_type,
        sector,
        formed_on,
        members,
        facilitator,
        policy,
    } = command
    else {
        return Err(DomainError::rule("", "not a formation"));
    };
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "group_id",
            "a KUBE group with this id already exists",
        ));
    }
    if members.len() < policy.min_members || members.len() > policy.max_members {
        return Err(DomainError::invalid(
            "member_household_ids",
            format!(
                "a KUBE group is formed with {} to {} member households (configured), got {}",
                policy.min_members,
                policy.max_members,
                members.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (index, facts) in members.iter().enumerate() {
        if !seen.insert(facts.household_id) {
            return Err(DomainError::invalid(
                format!("member_household_ids[{index}]"),
                format!("household {} is listed twice", facts.household_id),
            ));
        }
    }
    for (index, facts) in members.iter().enumerate() {
        eligible(
            facts,
            &format!("member_household_ids[{index}]"),
            village,
            *group_id,
            policy,
        )?;
    }
    Ok(vec![GroupEvent::Formed {
        group_id: *group_id,
        name: name.clone(),
        village: village.clone(),
        business_type: *business_type,
        sector: sector.clone(),
        formed_on: *formed_on,
        members: members.iter().map(|f| f.household_id).collect(),
        facilitator: facilitator.clone(),
    }])
}

/// May this household join a group of `village`? Known, open, of the village (when the
/// policy says so) and in no other active group (likewise).
fn eligible(
    facts: &HouseholdFacts,
    field: &str,
    village: &RegionCode,
    group: Uuid,
    policy: &GroupPolicy,
) -> Result<(), DomainError> {
    let id = facts.household_id;
    match &facts.standing {
        Standing::Unknown => Err(DomainError::rule(
            field,
            format!(
                "household {id} is not known to the enterprise service: it is not registered, or its registration has not arrived yet"
            ),
        )),
        Standing::Closed => Err(DomainError::rule(
            field,
            format!("household {id} is closed in the registry"),
        )),
        Standing::Active {
            village: home,
            group: current,
        } => {
            if policy.members_from_group_village && home != village {
                return Err(DomainError::rule(
                    field,
                    format!(
                        "household {id} lives in village {home}, not in the group's village {village}"
                    ),
                ));
            }
            match current {
                Some(other) if policy.one_active_group_per_household && *other != group => {
                    Err(DomainError::already_exists(
                        field,
                        format!("household {id} is already a member of active KUBE group {other}"),
                    ))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Decides the membership commands of a formed, active group.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    use GroupCommand as C;
    let village = state
        .village
        .clone()
        .ok_or_else(|| DomainError::not_found("kube group"))?;
    let group = state
        .id
        .ok_or_else(|| DomainError::not_found("kube group"))?;
    match command {
        C::AddMember {
            household,
            joined_on,
            policy,
        } => {
            let id = household.household_id;
            if state.active_member(id).is_some() {
                return Err(DomainError::already_exists(
                    "household_id",
                    format!("household {id} is already a member of this group"),
                ));
            }
            if state.member_count() >= policy.max_members {
                return Err(DomainError::rule(
                    "household_id",
                    format!(
                        "the group already has the most members allowed ({}, configured)",
                        policy.max_members
                    ),
                ));
            }
            eligible(household, "household_id", &village, group, policy)?;
            not_before_formation(state, "joined_on", *joined_on)?;
            let last_left = state
                .members
                .iter()
                .filter(|m| m.household_id == id)
                .filter_map(|m| m.left_on)
                .max();
            not_before(
                "joined_on",
                *joined_on,
                last_left,
                "the household last left",
            )?;
            Ok(vec![GroupEvent::MemberJoined {
                household_id: id,
                joined_on: *joined_on,
            }])
        }
        C::RemoveMember {
            household_id,
            reason,
            left_on,
            note,
            successor,
        } => {
            let membership = state.active_member(*household_id).ok_or_else(|| {
                DomainError::rule(
                    "household_id",
                    format!("household {household_id} is not a member of this group"),
                )
            })?;
            not_before(
                "left_on",
                *left_on,
                Some(membership.joined_on),
                "the household joined",
            )?;
            let seats = state.board.seats_of(*household_id);
            let handovers = match (seats.as_slice(), successor) {
                ([], None) => Vec::new(),
                ([], Some(_)) => {
                    return Err(DomainError::rule(
                        "successor_household_id",
                        "only given when the leaving member holds a board seat",
                    ));
                }
                ([seat, ..], None) => {
                    return Err(DomainError::rule(
                        "successor_household_id",
                        format!(
                            "the leaving member is the group's {}: name the active member who takes the seat over",
                            seat.name()
                        ),
                    ));
                }
                (seats, Some(successor)) => {
                    successor_may_take(state, *household_id, *successor)?;
                    seats.iter().map(|seat| (*seat, *successor)).collect()
                }
            };
            Ok(vec![GroupEvent::MemberLeft {
                household_id: *household_id,
                left_on: *left_on,
                reason: *reason,
                note: note.clone(),
                handovers,
            }])
        }
        C::ElectBoard {
            chair,
            secretary,
            treasurer,
            elected_on,
            note,
        } => {
            if chair == secretary || chair == treasurer {
                let field = if chair == secretary {
                    "secretary_household_id"
                } else {
                    "treasurer_household_id"
                };
                return Err(DomainError::invalid(
                    field,
                    "must be a different member from the chair",
                ));
            }
            if secretary == treasurer {
                return Err(DomainError::invalid(
                    "treasurer_household_id",
                    "must be a different member from the secretary",
                ));
            }
            for (field, id) in [
                ("chair_household_id", chair),
                ("secretary_household_id", secretary),
                ("treasurer_household_id", treasurer),
            ] {
                active_member(state, field, *id)?;
            }
            not_before_formation(state, "elected_on", *elected_on)?;
            Ok(vec![GroupEvent::BoardElected {
                chair: *chair,
                secretary: *secretary,
                treasurer: *treasurer,
                elected_on: *elected_on,
                note: note.clone(),
            }])
        }
        C::AssignFacilitator {
            facilitator_id,
            assigned_on,
        } => {
            if state.facilitator.as_deref() == Some(facilitator_id.as_str()) {
                return Err(DomainError::rule(
                    "facilitator_id",
                    "is already the group's facilitator",
                ));
            }
            not_before_formation(state, "assigned_on", *assigned_on)?;
            Ok(vec![GroupEvent::FacilitatorAssigned {
                facilitator_id: facilitator_id.clone(),
                assigned_on: *assigned_on,
                previous: state.facilitator.clone(),
            }])
        }
        C::RecordMeeting {
            held_on,
            attendees,
            notes,
        } => {
            let mut seen = HashSet::new();
            for (index, id) in attendees.iter().enumerate() {
                let field = format!("attendee_household_ids[{index}]");
                if !seen.insert(*id) {
                    return Err(DomainError::invalid(
                        field,
                        format!("household {id} is listed twice"),
                    ));
                }
                active_member(state, &field, *id)?;
            }
            not_before_formation(state, "held_on", *held_on)?;
            Ok(vec![GroupEvent::MeetingRecorded {
                held_on: *held_on,
                attendees: attendees.clone(),
                notes: notes.clone(),
            }])
        }
        C::Dissolve {
            dissolved_on,
            reason,
        } => {
            not_before_formation(state, "dissolved_on", *dissolved_on)?;
            Ok(vec![GroupEvent::Dissolved {
                dissolved_on: *dissolved_on,
                reason: reason.clone(),
            }])
        }
        _ => Err(DomainError::rule("", "not a membership command")),
    }
}

fn active_member(state: &KubeGroup, field: &str, id: Uuid) -> Result<(), DomainError> {
    if state.active_member(id).is_some() {
        Ok(())
    } else {
        Err(DomainError::rule(
            field,
            format!("household {id} is not an active member of the group"),
        ))
    }
}

/// A seat passes to another active member who holds no seat yet.
fn successor_may_take(state: &KubeGroup, leaver: Uuid, successor: Uuid) -> Result<(), DomainError> {
    let field = "successor_household_id";
    if successor == leaver {
        return Err(DomainError::rule(
            field,
            "must be another member than the one leaving",
        ));
    }
    active_member(state, field, successor)?;
    if let Some(seat) = state.board.seats_of(successor).first() {
        return Err(DomainError::rule(
            field,
            format!(
                "household {successor} already holds the {} seat; one member holds one seat",
                BoardSeat::name(*seat)
            ),
        ));
    }
    Ok(())
}
